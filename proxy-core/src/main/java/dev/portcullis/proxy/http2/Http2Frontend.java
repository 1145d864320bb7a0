package dev.portcullis.proxy.http2;

import dev.portcullis.proxy.auth.StreamAuthenticator;
import dev.portcullis.proxy.pipeline.ProxyServices;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.timeout.IdleStateHandler;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Turns a TLS connection whose ALPN chose {@code h2} into an HTTP/2 proxy connection. */
public final class Http2Frontend {
    public static final String IDLE = "h2-idle";
    public static final String CODEC = "h2-codec";
    public static final String GUARD = "h2-connection-guard";
    public static final String MULTIPLEX = "h2-multiplex";

    private Http2Frontend() {
    }

    /**
     * Appends idle timer → frame codec (with {@code limits}) → connection guard (idle close, GOAWAY on drain) →
     * multiplexer (one child channel per stream, auto-read off) to {@code p}, and turns auto-read on for the
     * connection: HTTP/2 flow control, not socket reads, bounds what each stream may send.
     */
    public static void configure(ChannelPipeline p, ProxyServices services, Http2Limits limits) {
        configure(p, services, limits, null);
    }

    /**
     * As {@link #configure(ChannelPipeline, ProxyServices, Http2Limits)}, checking {@code proxy-authorization} on every
     * CONNECT and {@code http://} stream with {@code auth} (null: credentials not required).
     */
    public static void configure(ChannelPipeline p, ProxyServices services, Http2Limits limits,
                                 StreamAuthenticator auth) {
        Channel connection = p.channel();
        services.metrics().http2().connection();
        serverPipeline(p, limits, stream -> stream.pipeline().addLast(Http2StreamRouter.NAME,
                new Http2StreamRouter(services, connection, auth)));
        connection.config().setAutoRead(true);
    }

    /**
     * The server side of an HTTP/2 connection, shared by the HTTPS listener and the client side of inspected
     * tunnels: idle timer → frame codec (SETTINGS, header list size and Rapid Reset budget from {@code limits}) →
     * {@link Http2ConnectionGuard} → multiplexer whose stream channels start with auto-read off and get their
     * handlers from {@code streams}.
     */
    public static void serverPipeline(ChannelPipeline p, Http2Limits limits, Consumer<Http2StreamChannel> streams) {
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
        p.addLast(GUARD, new Http2ConnectionGuard(codec));
        p.addLast(MULTIPLEX, new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel stream) {
                stream.config().setOption(ChannelOption.AUTO_READ, false);
                streams.accept(stream);
            }
        }));
    }
}
