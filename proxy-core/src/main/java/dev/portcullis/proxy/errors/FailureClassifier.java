package dev.portcullis.proxy.errors;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.resolver.dns.DnsErrorCauseException;
import io.netty.resolver.dns.DnsNameResolverTimeoutException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;

/** The one place where exceptions from Netty, the JDK and the decoders become {@link ProxyFailure}s. */
public final class FailureClassifier {
    private FailureClassifier() {
    }

    /** Classifies a failure to decode a client's request head. */
    public static ProxyFailure requestDecodeFailure(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return new ProxyFailure(ErrorCode.URI_TOO_LONG, "request line too long", cause);
        }
        if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
            return new ProxyFailure(ErrorCode.HEADERS_TOO_LARGE, "request header fields too large", cause);
        }
        if (cause instanceof ProxyFailure pf) {
            return pf;
        }
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (detail.contains("Content-Length") || detail.contains("Transfer-Encoding")
                || detail.contains("chunk") || detail.contains("transfer coding")) {
            return new ProxyFailure(ErrorCode.AMBIGUOUS_FRAMING, "invalid message framing: " + detail, cause);
        }
        return new ProxyFailure(ErrorCode.BAD_REQUEST, "malformed request: " + detail, cause);
    }

    /** Classifies a failure to reach or talk to the origin, for a named destination. */
    public static ProxyFailure upstreamFailure(String destination, Throwable cause) {
        if (cause instanceof ProxyFailure pf) {
            return pf;
        }
        if (cause instanceof UnknownHostException || cause instanceof DnsErrorCauseException
                || cause instanceof DnsNameResolverTimeoutException) {
            return new ProxyFailure(ErrorCode.DNS_FAILURE, "cannot resolve " + destination, cause);
        }
        if (cause instanceof ConnectTimeoutException) {
            return new ProxyFailure(ErrorCode.CONNECT_TIMEOUT, "timed out connecting to " + destination, cause);
        }
        if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
            return new ProxyFailure(ErrorCode.CONNECT_FAILED, "cannot connect to " + destination, cause);
        }
        if (cause instanceof ClosedChannelException) {
            return new ProxyFailure(ErrorCode.UPSTREAM_CLOSED, destination + " closed the connection", cause);
        }
        if (cause instanceof java.io.IOException) {
            return new ProxyFailure(ErrorCode.CONNECT_FAILED, "connection to " + destination + " failed", cause);
        }
        return new ProxyFailure(ErrorCode.UPSTREAM_PROTOCOL_ERROR, "invalid response from " + destination, cause);
    }
}
