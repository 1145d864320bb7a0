package dev.portcullis.proxy.inspect;

import dev.portcullis.proxy.pipeline.ProxySettings;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.Future;

import java.util.concurrent.TimeUnit;

/**
 * One verified HTTP/2 connection to an origin, lent stream by stream to the inspected requests of every client on
 * its event loop. It stops taking streams after a GOAWAY (and closes once its open streams end), when the origin's
 * SETTINGS_MAX_CONCURRENT_STREAMS is reached, and when it idles with no stream for the pool idle timeout.
 */
final class H2Origin {
    static final String IDLE = "inspect-h2-origin-idle";
    static final String CODEC = "inspect-h2-origin-codec";
    static final String WATCH = "inspect-h2-origin-watch";
    static final String MULTIPLEX = "inspect-h2-origin-multiplex";

    private final Channel channel;
    private final OriginKey key;
    private final Http2FrameCodec codec;
    private final long idleMillis;
    private int openStreams;
    private boolean goingAway;

    private H2Origin(Channel channel, OriginKey key, Http2FrameCodec codec, long idleMillis) {
        this.channel = channel;
        this.key = key;
        this.codec = codec;
        this.idleMillis = idleMillis;
    }

    /**
     * Turns a TLS connection whose ALPN chose h2 into an HTTP/2 client connection. {@code onGone} runs once, on the
     * channel's loop, when the connection may take no more streams (GOAWAY or closed).
     */
    static H2Origin install(Channel ch, OriginKey key, ProxySettings settings, java.util.function.Consumer<H2Origin> onGone) {
        Http2FrameCodec codec = Http2FrameCodecBuilder.forClient()
                .initialSettings(Http2Settings.defaultSettings()
                        .pushEnabled(false)
                        .maxHeaderListSize(Math.max(1024, settings.maxHeaderSize())))
                .validateHeaders(true)
                .build();
        long idle = settings.poolIdleTimeout().toMillis();
        H2Origin origin = new H2Origin(ch, key, codec, idle);
        ch.pipeline().addLast(IDLE, new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS));
        ch.pipeline().addLast(CODEC, codec);
        ch.pipeline().addLast(WATCH, origin.new Watch(onGone));
        // The origin may not push (SETTINGS_ENABLE_PUSH 0); a stream it opens anyway is closed unread.
        ch.pipeline().addLast(MULTIPLEX, new Http2MultiplexHandler(new ChannelInboundHandlerAdapter() {
            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                ctx.close();
            }
        }));
        // HTTP/2 flow control, not socket reads, bounds what each stream may receive.
        ch.config().setOption(ChannelOption.AUTO_READ, true);
        return origin;
    }

    OriginKey key() {
        return key;
    }

    Channel channel() {
        return channel;
    }

    boolean canOpenStream() {
        return channel.isActive() && !goingAway
                && openStreams < codec.connection().local().maxActiveStreams();
    }

    /** Opens a stream whose pipeline ends in a fresh {@link OriginStreamHandler}; auto-read off. */
    Future<Http2StreamChannel> openStream() {
        openStreams++;
        Future<Http2StreamChannel> f = new Http2StreamChannelBootstrap(channel)
                .option(ChannelOption.AUTO_READ, false)
                .handler(new ChannelInitializer<Http2StreamChannel>() {
                    @Override
                    protected void initChannel(Http2StreamChannel stream) {
                        stream.pipeline()
                                .addLast(new Http2StreamFrameToHttpObjectCodec(false))
                                .addLast(new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS))
                                .addLast(OriginStreamHandler.NAME, new OriginStreamHandler());
                    }
                })
                .open();
        f.addListener(opened -> {
            if (opened.isSuccess()) {
                f.getNow().closeFuture().addListener(c -> streamEnded());
            } else {
                streamEnded();
            }
        });
        return f;
    }

    private void streamEnded() {
        openStreams--;
        if (goingAway && openStreams == 0) {
            channel.close();
        }
    }

    /** Sees the connection-level events the pool cares about; passes every frame on to the multiplexer. */
    private final class Watch extends ChannelInboundHandlerAdapter {
        private final java.util.function.Consumer<H2Origin> onGone;
        private boolean told;

        Watch(java.util.function.Consumer<H2Origin> onGone) {
            this.onGone = onGone;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Http2GoAwayFrame) {
                goingAway = true;
                gone();
                if (openStreams == 0) {
                    ctx.channel().close();
                }
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                if (openStreams == 0) {
                    ctx.channel().close();
                }
                return;
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            goingAway = true;
            gone();
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        private void gone() {
            if (!told) {
                told = true;
                onGone.accept(H2Origin.this);
            }
        }
    }
}
