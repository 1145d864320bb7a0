package dev.portcullis.proxy.http2;

import dev.portcullis.proxy.errors.ErrorResponses;
import dev.portcullis.proxy.http1.RequestIds;
import dev.portcullis.proxy.pipeline.ProxyServices;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;

/**
 * The first handler of every client stream: reads the request HEADERS and hands a CONNECT to an {@link
 * Http2ConnectStreamHandler}. Other methods (absolute {@code http://} requests over HTTP/2) are answered with 501
 * for now: clients that need them can use HTTP/1.1 on the same listener.
 */
final class Http2StreamRouter extends ChannelInboundHandlerAdapter {
    static final String NAME = "h2-stream-router";
    private static final AsciiString CONNECT = AsciiString.cached("CONNECT");
    /** The {@code X-Portcullis-Error} code of the 501. */
    static final String NOT_IMPLEMENTED = "not_implemented";

    private final ProxyServices services;
    private final Channel connection;

    Http2StreamRouter(ProxyServices services, Channel connection) {
        this.services = services;
        this.connection = connection;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            ctx.read(); // auto-read is off on streams: ask for the HEADERS
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.read();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof Http2HeadersFrame headers)) {
            ReferenceCountUtil.release(msg);
            ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.PROTOCOL_ERROR));
            return;
        }
        if (CONNECT.contentEquals(headers.headers().method())) {
            ctx.pipeline().addAfter(ctx.name(), Http2ConnectStreamHandler.NAME,
                    new Http2ConnectStreamHandler(services, connection));
            ctx.fireChannelRead(headers);
            ctx.pipeline().remove(this);
            return;
        }
        String requestId = RequestIds.next();
        Http2Responses.sendAndClose(ctx.channel(), ErrorResponses.text(ctx.alloc(),
                HttpResponseStatus.NOT_IMPLEMENTED, NOT_IMPLEMENTED,
                "501 Not Implemented: this proxy forwards only CONNECT over HTTP/2; send " + headers.headers().method()
                        + " requests over HTTP/1.1 (ALPN http/1.1) on this listener\nrequest id: " + requestId + "\n",
                requestId, false));
    }
}
