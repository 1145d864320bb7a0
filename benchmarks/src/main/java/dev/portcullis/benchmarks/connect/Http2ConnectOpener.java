package dev.portcullis.benchmarks.connect;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/2 CONNECT (RFC 9113 section 8.5): every tunnel is a new stream on the one TLS connection opened up front, so
 * the open latency is one HEADERS round trip plus the proxy's dial of the origin.
 */
final class Http2ConnectOpener implements TunnelOpener {
    private final Channel connection;
    private final String authority;

    private Http2ConnectOpener(Channel connection, int originPort) {
        this.connection = connection;
        this.authority = "127.0.0.1:" + originPort;
    }

    /**
     * Connects and handshakes with ALPN {@code h2} (bounded by {@code timeoutMillis}).
     *
     * @throws IllegalStateException when the proxy cannot be reached or does not choose {@code h2}
     */
    static Http2ConnectOpener connect(EventLoopGroup group, InetSocketAddress proxy, SslContext tls, int originPort,
                                      long timeoutMillis) throws InterruptedException {
        Channel ch = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel c) {
                        c.pipeline().addLast(tls.newHandler(c.alloc(), proxy.getHostString(), proxy.getPort()));
                        c.pipeline().addLast(Http2FrameCodecBuilder.forClient().build());
                        // The proxy never opens streams towards a client: refuse any it tries.
                        c.pipeline().addLast(new Http2MultiplexHandler(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelActive(ChannelHandlerContext ctx) {
                                ctx.close();
                            }
                        }));
                    }
                })
                .connect(proxy).await().channel();
        if (!ch.isActive()) {
            throw new IllegalStateException("h2: cannot connect to the proxy's TLS listener at " + proxy);
        }
        SslHandler ssl = ch.pipeline().get(SslHandler.class);
        if (!ssl.handshakeFuture().await(timeoutMillis, TimeUnit.MILLISECONDS) || !ssl.handshakeFuture().isSuccess()) {
            ch.close();
            throw new IllegalStateException("h2: TLS handshake with " + proxy + " failed: "
                    + ssl.handshakeFuture().cause());
        }
        if (!ApplicationProtocolNames.HTTP_2.equals(ssl.applicationProtocol())) {
            ch.close();
            throw new IllegalStateException("h2: the proxy at " + proxy + " chose ALPN " + ssl.applicationProtocol()
                    + ", not h2: is this its --tls-listen port?");
        }
        return new Http2ConnectOpener(ch, originPort);
    }

    @Override
    public String name() {
        return "h2-stream";
    }

    @Override
    public Future<Long> open() {
        Promise<Long> done = connection.eventLoop().newPromise();
        long start = System.nanoTime();
        new Http2StreamChannelBootstrap(connection).handler(new Stream(done, start)).open().addListener(f -> {
            if (!f.isSuccess()) {
                done.tryFailure(new IllegalStateException("h2: cannot open a stream: " + f.cause(), f.cause()));
                return;
            }
            Http2StreamChannel stream = (Http2StreamChannel) f.getNow();
            stream.writeAndFlush(new DefaultHttp2HeadersFrame(
                    new DefaultHttp2Headers().method("CONNECT").authority(authority), false));
        });
        return done;
    }

    @Override
    public void close() {
        connection.close().syncUninterruptibly();
    }

    /** One CONNECT stream: awaits :status 200, sends the probe, reads it back, ends the stream both ways. */
    private static final class Stream extends ChannelInboundHandlerAdapter {
        private final Promise<Long> done;
        private final long start;
        private long openNanos = -1;
        private int echoed;
        private boolean halfClosed;

        Stream(Promise<Long> done, long start) {
            this.done = done;
            this.start = start;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2HeadersFrame headers && openNanos >= 0) {
                    if (headers.isEndStream()) {
                        ended(ctx); // trailers carrying END_STREAM
                    }
                } else if (msg instanceof Http2HeadersFrame headers) {
                    openNanos = System.nanoTime() - start;
                    CharSequence status = headers.headers().status();
                    if (status == null || !"200".contentEquals(status)) {
                        fail(ctx, "proxy answered :status " + status);
                        return;
                    }
                    ctx.writeAndFlush(new DefaultHttp2DataFrame(Probe.buffer(), false));
                } else if (msg instanceof Http2DataFrame data && openNanos >= 0) {
                    readEcho(ctx, data.content());
                    if (data.isEndStream()) {
                        ended(ctx);
                    }
                } else if (msg instanceof Http2ResetFrame reset) {
                    fail(ctx, "proxy reset the stream: " + reset.errorCode());
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void readEcho(ChannelHandlerContext ctx, ByteBuf in) {
            while (in.isReadable()) {
                if (echoed >= Probe.BYTES.length || in.readByte() != Probe.BYTES[echoed]) {
                    fail(ctx, "the echo differs from the probe at byte " + echoed);
                    return;
                }
                echoed++;
            }
            if (echoed == Probe.BYTES.length && !halfClosed) {
                // END_STREAM, not RST_STREAM: a client resetting thousands of streams is what rapid-reset guards
                // (rightly) cut off. The proxy passes it on as a FIN, the echo origin closes, the stream ends.
                halfClosed = true;
                ctx.writeAndFlush(new DefaultHttp2DataFrame(true));
            }
        }

        private void ended(ChannelHandlerContext ctx) {
            if (echoed == Probe.BYTES.length) {
                done.trySuccess(openNanos);
            } else {
                fail(ctx, "the proxy ended the stream after " + echoed + " of " + Probe.BYTES.length + " probe bytes");
            }
        }

        private void fail(ChannelHandlerContext ctx, String why) {
            ctx.close();
            done.tryFailure(new IllegalStateException("h2: " + why));
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            done.tryFailure(new IllegalStateException("h2: the stream ended "
                    + (openNanos < 0 ? "before the proxy answered the CONNECT" : "before the probe came back")));
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
            done.tryFailure(new IllegalStateException("h2: " + cause, cause));
        }
    }
}
