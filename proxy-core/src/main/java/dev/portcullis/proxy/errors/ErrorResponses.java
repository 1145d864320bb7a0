package dev.portcullis.proxy.errors;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;

/** Builds the short text answers the proxy gives for its own failures. */
public final class ErrorResponses {
    public static final String ERROR_HEADER = "X-Portcullis-Error";
    public static final String REQUEST_ID_HEADER = "X-Portcullis-Request-Id";

    private ErrorResponses() {
    }

    public static FullHttpResponse of(ByteBufAllocator alloc, ProxyFailure failure, String requestId, boolean close) {
        HttpResponseStatus status = failure.code().status();
        String text = status.code() + " " + status.reasonPhrase() + ": " + failure.getMessage()
                + "\nrequest id: " + requestId + "\n";
        return text(alloc, status, failure.code().code(), text, requestId, close);
    }

    public static FullHttpResponse text(ByteBufAllocator alloc, HttpResponseStatus status, String errorCode,
                                        String text, String requestId, boolean close) {
        ByteBuf body = alloc.buffer(text.length());
        body.writeCharSequence(text, StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        if (errorCode != null) {
            response.headers().set(ERROR_HEADER, errorCode);
        }
        if (requestId != null) {
            response.headers().set(REQUEST_ID_HEADER, requestId);
        }
        if (close) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }
}
