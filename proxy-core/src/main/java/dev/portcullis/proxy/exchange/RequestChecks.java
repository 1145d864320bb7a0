package dev.portcullis.proxy.exchange;

import dev.portcullis.proxy.errors.ErrorCode;
import dev.portcullis.proxy.errors.ProxyFailure;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpVersion;

/** The checks every route makes of a request head, whatever its target looks like. */
public final class RequestChecks {
    private RequestChecks() {
    }

    public static void requireHttp1(HttpVersion version) throws ProxyFailure {
        if (version.majorVersion() != 1) {
            throw new ProxyFailure(ErrorCode.UNSUPPORTED_VERSION, "unsupported HTTP version " + version);
        }
    }

    /** Both framing fields at once is how request smuggling starts (RFC 9112 section 6.1). */
    public static void requireUnambiguousFraming(HttpHeaders headers) throws ProxyFailure {
        if (headers.contains(HttpHeaderNames.CONTENT_LENGTH) && headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            throw new ProxyFailure(ErrorCode.AMBIGUOUS_FRAMING,
                    "Content-Length together with Transfer-Encoding is not allowed");
        }
    }
}
