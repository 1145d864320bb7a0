package dev.portcullis.proxy.http2;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http2.HttpConversionUtil;

/**
 * Makes an HTTP/2 request (as decoded by {@code Http2StreamFrameToHttpObjectCodec}) look like the absolute-form
 * HTTP/1.1 request the forward proxy handles: {@code http://} + {@code :authority} (now {@code Host}) + {@code :path}
 * as the target, a head separate from its body, and chunked framing for a body of unknown length.
 */
final class AbsoluteFormRequests extends ChannelInboundHandlerAdapter {
    static final String NAME = "h2-absolute-form";

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        // Netty's x-http2-* bookkeeping headers (stream id, scheme…) are ours, not the origin's.
        for (HttpConversionUtil.ExtensionHeaderNames extension : HttpConversionUtil.ExtensionHeaderNames.values()) {
            request.headers().remove(extension.text());
        }
        String authority = request.headers().get(HttpHeaderNames.HOST);
        String target = authority == null || !request.uri().startsWith("/")
                ? request.uri() // left for the forward proxy to refuse with its own message
                : "http://" + authority + request.uri();
        if (msg instanceof FullHttpRequest full) {
            HttpRequest head = new DefaultHttpRequest(full.protocolVersion(), full.method(), target, full.headers());
            if (full.content().isReadable() && !HttpUtil.isContentLengthSet(head)) {
                HttpUtil.setContentLength(head, full.content().readableBytes());
            }
            ctx.fireChannelRead(head);
            ctx.fireChannelRead(new DefaultLastHttpContent(full.content(), full.trailingHeaders()));
            return;
        }
        request.setUri(target);
        if (!HttpUtil.isContentLengthSet(request)) {
            HttpUtil.setTransferEncodingChunked(request, true); // DATA frames follow, length unknown
        }
        ctx.fireChannelRead(request);
    }
}
