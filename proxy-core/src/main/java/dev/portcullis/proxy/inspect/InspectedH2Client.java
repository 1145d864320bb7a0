package dev.portcullis.proxy.inspect;

import dev.portcullis.proxy.http2.Http2Limits;
import dev.portcullis.proxy.pipeline.DrainEvent;
import dev.portcullis.proxy.pipeline.ProxyServices;
import dev.portcullis.proxy.pipeline.ProxySettings;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * The client side of an inspected tunnel whose origin chose h2: frame codec (the HTTPS listener's limits, Rapid
 * Reset guard included), then one child channel per stream, each turning its frames into {@code HttpObject}s for an
 * {@link InspectedStream}. Stream channels read only when asked, so HTTP/2 flow control is the backpressure: a client
 * that does not read stalls its stream's origin, and an origin that does not read stalls the client's stream.
 */
final class InspectedH2Client {
    static final String IDLE = "inspect-h2-idle";
    static final String CODEC = "inspect-h2-codec";
    static final String GUARD = "inspect-h2-guard";
    static final String MULTIPLEX = "inspect-h2-multiplex";
    /** In each stream child's pipeline. */
    static final String STREAM = "inspect-h2-stream";

    private static final Logger log = LoggerFactory.getLogger(InspectedH2Client.class);

    private InspectedH2Client() {
    }

    /** Appends the HTTP/2 server pipeline for an inspected client connection to {@code p} (behind TLS). */
    static void configure(ChannelPipeline p, ProxyServices services, InspectedOrigin origin, OriginLink link) {
        ProxySettings s = services.settings();
        Http2Limits limits = Http2Limits.defaults(s.maxHeaderSize(), s.clientIdleTimeout());
        Http2FrameCodec codec = Http2FrameCodecBuilder.forServer()
                .initialSettings(Http2Settings.defaultSettings()
                        .maxConcurrentStreams(limits.maxConcurrentStreams())
                        .maxHeaderListSize(limits.maxHeaderListSize()))
                .decoderEnforceMaxRstFramesPerWindow(limits.maxResetsPerWindow(),
                        (int) Math.max(1, limits.resetWindow().toSeconds()))
                .validateHeaders(true)
                .build();
        p.addLast(IDLE, new IdleStateHandler(0, 0, limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
        p.addLast(CODEC, codec);
        p.addLast(GUARD, new Guard(codec, origin));
        p.addLast(MULTIPLEX, new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel stream) {
                stream.config().setOption(ChannelOption.AUTO_READ, false);
                stream.pipeline()
                        .addLast(new Http2StreamFrameToHttpObjectCodec(true))
                        .addLast(STREAM, new InspectedStream(services, origin, link));
            }
        }));
    }

    /**
     * Ends the connection gracefully: idle with no open stream (closed), daemon drain (GOAWAY, closed once the open
     * streams end), a failed client handshake (closed).
     */
    private static final class Guard extends ChannelInboundHandlerAdapter {
        private final Http2FrameCodec codec;
        private final InspectedOrigin origin;
        private boolean draining;

        Guard(Http2FrameCodec codec, InspectedOrigin origin) {
            this.codec = codec;
            this.origin = origin;
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            codec.connection().addListener(new Http2ConnectionAdapter() {
                @Override
                public void onStreamClosed(Http2Stream stream) {
                    if (draining) {
                        closeWhenQuiet(ctx);
                    }
                }
            });
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof DrainEvent) {
                if (!draining) {
                    draining = true;
                    ctx.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR));
                    closeWhenQuiet(ctx);
                }
                return;
            }
            if (evt instanceof IdleStateEvent) {
                if (codec.connection().numActiveStreams() == 0) {
                    ctx.channel().close();
                }
                return;
            }
            if (evt instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) {
                log.debug("client {} refused the inspected handshake for {}: {}", ctx.channel().remoteAddress(),
                        origin.target(), done.cause().toString());
                ctx.close();
                return;
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("inspected HTTP/2 connection {} to {} failed: {}", ctx.channel().remoteAddress(),
                    origin.target(), cause.toString());
            ctx.close();
        }

        private void closeWhenQuiet(ChannelHandlerContext ctx) {
            if (codec.connection().numActiveStreams() == 0) {
                ctx.executor().execute(() -> ctx.channel().close());
            }
        }
    }
}
