package dev.portcullis.proxy.exchange;

import dev.portcullis.proxy.http.HopByHopHeaders;
import dev.portcullis.proxy.http.RequestTarget;
import dev.portcullis.proxy.http.ViaHeader;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;

/** Turns a client's request head into the HTTP/1.1 origin-form request the origin receives. */
public final class OriginForm {
    private OriginForm() {
    }

    /**
     * Strips hop-by-hop fields, sets Host to the target's authority (RFC 9112 section 3.2.2: it replaces any Host
     * the client sent), appends this proxy's Via entry, and rewrites the request line.
     *
     * @param keepTrailers keep {@code te: trailers}, the one TE value HTTP/2 allows (RFC 9113 section 8.2.2), which
     *                     gRPC needs to reach an HTTP/2 origin
     */
    public static void rewrite(HttpRequest request, RequestTarget target, Channel client, String viaPseudonym,
                               boolean keepTrailers) {
        HttpHeaders headers = request.headers();
        boolean trailers = keepTrailers && headers.containsValue(HttpHeaderNames.TE, HttpHeaderValues.TRAILERS, true);
        HopByHopHeaders.strip(headers);
        if (trailers) {
            headers.set(HttpHeaderNames.TE, HttpHeaderValues.TRAILERS);
        }
        headers.set(HttpHeaderNames.HOST, target.authority());
        ViaHeader.append(headers, client, request.protocolVersion(), viaPseudonym);
        request.setUri(target.originForm());
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
    }
}
