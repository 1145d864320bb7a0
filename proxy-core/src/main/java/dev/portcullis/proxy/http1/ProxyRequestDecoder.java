package dev.portcullis.proxy.http1;

import dev.portcullis.proxy.errors.ErrorCode;
import dev.portcullis.proxy.errors.ProxyFailure;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

import java.util.List;

/**
 * Netty's request decoder with two proxy duties added.
 * <ul>
 * <li>Obsolete line folding is rejected (RFC 9112 §5.2): Netty silently unfolds it, and a proxy that unfolds while
 * the origin does not is a request-smuggling vector. The head is scanned before Netty sees it.</li>
 * <li>After a CONNECT head the decoder stops: what follows is tunnel payload, left in the cumulation so that it
 * reaches the relay untouched when this decoder is removed.</li>
 * </ul>
 */
final class ProxyRequestDecoder extends HttpRequestDecoder {
    private final MethodQueue methods;
    private boolean awaitingHead = true;
    private boolean connectSeen;
    private boolean stopped;

    ProxyRequestDecoder(HttpDecoderConfig config, MethodQueue methods) {
        super(config);
        this.methods = methods;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        if (stopped) {
            return;
        }
        if (awaitingHead && HeadScanner.hasObsoleteFold(in)) {
            stopped = true;
            in.skipBytes(in.readableBytes());
            HttpRequest invalid = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/bad-request");
            invalid.setDecoderResult(DecoderResult.failure(new ProxyFailure(ErrorCode.BAD_REQUEST,
                    "obsolete line folding in header fields is not allowed (RFC 9112 section 5.2)")));
            methods.add(HttpMethod.GET);
            out.add(invalid);
            return;
        }
        int first = out.size();
        super.decode(ctx, in, out);
        for (int i = first; i < out.size(); i++) {
            Object msg = out.get(i);
            if (msg instanceof HttpRequest request) {
                awaitingHead = false;
                methods.add(request.method());
                if (request.decoderResult().isFailure()) {
                    stopped = true;
                } else if (HttpMethod.CONNECT.equals(request.method())) {
                    connectSeen = true;
                }
            }
            if (msg instanceof LastHttpContent) {
                awaitingHead = true;
                if (connectSeen) {
                    stopped = true;
                }
            }
        }
    }
}
