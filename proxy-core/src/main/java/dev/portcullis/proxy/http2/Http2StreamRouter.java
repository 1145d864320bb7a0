package dev.portcullis.proxy.http2;

import dev.portcullis.proxy.errors.ErrorResponses;
import dev.portcullis.proxy.http1.RequestIds;
import dev.portcullis.proxy.http1.ForwardProxyHandler;
import dev.portcullis.proxy.pipeline.ClientTimeouts;
import dev.portcullis.proxy.pipeline.MessagePacer;
import dev.portcullis.proxy.pipeline.PipelineNames;
import dev.portcullis.proxy.pipeline.ProxyServices;
import dev.portcullis.proxy.pipeline.ProxySettings;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
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
 * Http2ConnectStreamHandler}, and an {@code http://} request to the HTTP/1 forward proxy's handlers. Anything else
 * ({@code https://} without CONNECT) is answered 501.
 */
final class Http2StreamRouter extends ChannelInboundHandlerAdapter {
    static final String NAME = "h2-stream-router";
    private static final AsciiString CONNECT = AsciiString.cached("CONNECT");
    private static final AsciiString HTTP = AsciiString.cached("http");
    private static final String HTTP_CODEC = "h2-http-codec";
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
        if (HTTP.contentEquals(headers.headers().scheme())) {
            becomeForwardProxy(ctx, headers);
            return;
        }
        String requestId = RequestIds.next();
        Http2Responses.sendAndClose(ctx.channel(), ErrorResponses.text(ctx.alloc(),
                HttpResponseStatus.NOT_IMPLEMENTED, NOT_IMPLEMENTED,
                "501 Not Implemented: over HTTP/2 this proxy forwards CONNECT and http:// requests; for https:// "
                        + "send a CONNECT\nrequest id: " + requestId + "\n",
                requestId, false));
    }

    /**
     * An {@code http://} request: the stream gets the HTTP/1 forward proxy's handlers behind a frame↔HTTP-object
     * codec, so policy, safe dialing, pools, limits and errors are the same code as on an HTTP/1.1 connection.
     */
    private void becomeForwardProxy(ChannelHandlerContext ctx, Http2HeadersFrame headers) {
        ProxySettings s = services.settings();
        ClientTimeouts timeouts = new ClientTimeouts(s.clientIdleTimeout(), s.headerReadTimeout());
        ChannelPipeline p = ctx.pipeline();
        p.addAfter(ctx.name(), HTTP_CODEC, new Http2StreamFrameToHttpObjectCodec(true, true));
        p.addAfter(HTTP_CODEC, AbsoluteFormRequests.NAME, new AbsoluteFormRequests());
        p.addAfter(AbsoluteFormRequests.NAME, PipelineNames.CLIENT_TIMEOUTS, timeouts);
        p.addAfter(PipelineNames.CLIENT_TIMEOUTS, PipelineNames.FLOW_CONTROL, new MessagePacer());
        p.addAfter(PipelineNames.FLOW_CONTROL, PipelineNames.FORWARD_PROXY, new ForwardProxyHandler(services, timeouts));
        ctx.fireChannelActive(); // the new handlers arm their clocks and ask for a read, as on a new connection
        ctx.fireChannelRead(headers);
        p.remove(this);
    }
}
