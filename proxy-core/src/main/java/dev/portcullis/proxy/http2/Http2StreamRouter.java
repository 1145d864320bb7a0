package dev.portcullis.proxy.http2;

import dev.portcullis.proxy.auth.StreamAuthenticator;
import dev.portcullis.proxy.errors.ErrorResponses;
import dev.portcullis.proxy.http.RequestIds;
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
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;

/**
 * The first handler of every client stream: reads the request HEADERS, checks the stream's own
 * {@code proxy-authorization} when credentials are required (407 / 429 / 503 on this stream only, as over HTTP/1.1),
 * and hands a CONNECT to an {@link
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
    private final StreamAuthenticator auth;

    /** @param auth checks each stream's {@code proxy-authorization}; null when credentials are not required */
    Http2StreamRouter(ProxyServices services, Channel connection, StreamAuthenticator auth) {
        this.services = services;
        this.connection = connection;
        this.auth = auth;
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
        Http2Headers h = headers.headers();
        boolean connect = CONNECT.contentEquals(h.method());
        if (!connect && !HTTP.contentEquals(h.scheme())) {
            String requestId = RequestIds.next();
            Http2Responses.sendAndClose(ctx.channel(), ErrorResponses.text(ctx.alloc(),
                    HttpResponseStatus.NOT_IMPLEMENTED, NOT_IMPLEMENTED,
                    "501 Not Implemented: over HTTP/2 this proxy forwards CONNECT and http:// requests; for https:// "
                            + "send a CONNECT\nrequest id: " + requestId + "\n",
                    requestId, false));
            return;
        }
        // Credentials are for the proxy: never forwarded, never shown to policy.
        CharSequence credentials = h.get(HttpHeaderNames.PROXY_AUTHORIZATION);
        h.remove(HttpHeaderNames.PROXY_AUTHORIZATION);
        if (auth == null || !auth.required(connection)) {
            dispatch(ctx, headers, connect);
            return;
        }
        String target = connect ? String.valueOf(h.authority()) : "http://" + h.authority() + h.path();
        // Reads stay off meanwhile: the stream's DATA waits in its window until the stream is admitted.
        auth.admit(ctx.channel(), credentials == null ? null : credentials.toString(), String.valueOf(h.method()),
                target).addListener(f -> {
                    if (!ctx.channel().isActive()) {
                        FullHttpResponse dropped = (FullHttpResponse) f.getNow();
                        if (dropped != null) {
                            dropped.release();
                        }
                        return;
                    }
                    FullHttpResponse refusal = (FullHttpResponse) f.getNow();
                    if (refusal != null) {
                        services.metrics().http2().stream("auth_refused");
                        Http2Responses.sendAndClose(ctx.channel(), refusal);
                    } else {
                        dispatch(ctx, headers, connect);
                    }
                });
    }

    private void dispatch(ChannelHandlerContext ctx, Http2HeadersFrame headers, boolean connect) {
        if (connect) {
            ctx.pipeline().addAfter(ctx.name(), Http2ConnectStreamHandler.NAME,
                    new Http2ConnectStreamHandler(services, connection));
            ctx.fireChannelRead(headers);
            ctx.pipeline().remove(this);
            return;
        }
        services.metrics().http2().stream("forward");
        becomeForwardProxy(ctx, headers);
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
