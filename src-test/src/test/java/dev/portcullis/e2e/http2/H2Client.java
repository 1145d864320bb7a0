package dev.portcullis.e2e.http2;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Netty's HTTP/2 client over TLS (ALPN h2 only) to the proxy's HTTPS listener, one child channel per stream. */
final class H2Client implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    final Channel connection;
    final CompletableFuture<Long> goAway = new CompletableFuture<>();

    H2Client(InetSocketAddress proxy, X509Certificate trusted) throws Exception {
        this(proxy, trusted, null);
    }

    /** @param clientCert presented to the proxy when it asks for a certificate; null = none */
    H2Client(InetSocketAddress proxy, X509Certificate trusted, dev.portcullis.e2e.support.TestPki.Leaf clientCert)
            throws Exception {
        this(proxy, context(trusted, clientCert));
    }

    /** A client context offering ALPN h2 only; share one between clients to resume TLS sessions. */
    static SslContext context(X509Certificate trusted, dev.portcullis.e2e.support.TestPki.Leaf clientCert)
            throws Exception {
        SslContextBuilder builder = SslContextBuilder.forClient().trustManager(trusted);
        if (clientCert != null) {
            builder.keyManager(clientCert.key(), clientCert.cert(), clientCert.issuer());
        }
        return builder
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        ApplicationProtocolNames.HTTP_2))
                .build();
    }

    H2Client(InetSocketAddress proxy, SslContext ssl) throws Exception {
        connection = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(ssl.newHandler(ch.alloc(), proxy.getHostString(), proxy.getPort()));
                        ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().build());
                        ch.pipeline().addLast(new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                if (msg instanceof Http2GoAwayFrame g) {
                                    goAway.complete(g.errorCode());
                                }
                                ReferenceCountUtil.release(msg);
                            }
                        });
                    }
                }).connect(proxy).sync().channel();
        SslHandler tls = connection.pipeline().get(SslHandler.class);
        tls.handshakeFuture().get(10, TimeUnit.SECONDS);
        if (!ApplicationProtocolNames.HTTP_2.equals(tls.applicationProtocol())) {
            throw new AssertionError("ALPN chose " + tls.applicationProtocol() + ", not h2");
        }
    }

    /**
     * Grows the connection-level receive window by {@code bytes}, as browsers do (Chromium: 15 MiB), so one stream
     * that reads nothing uses up only its own window, not the whole connection's.
     */
    void growConnectionWindow(int bytes) throws Exception {
        connection.writeAndFlush(new io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame(bytes))
                .get(5, TimeUnit.SECONDS);
    }

    static Http2Headers connect(String authority) {
        return new DefaultHttp2Headers().method("CONNECT").authority(authority);
    }

    /** Opens a stream and sends {@code headers} (without END_STREAM). */
    Stream open(Http2Headers headers, boolean autoRead) throws Exception {
        Stream s = new Stream();
        Http2StreamChannel ch = new Http2StreamChannelBootstrap(connection)
                .option(ChannelOption.AUTO_READ, autoRead)
                .handler(s).open().get(5, TimeUnit.SECONDS);
        s.channel = ch;
        ch.writeAndFlush(new DefaultHttp2HeadersFrame(headers, false));
        if (!autoRead) {
            ch.read();
        }
        return s;
    }

    @Override
    public void close() {
        connection.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One stream's view: response headers, DATA bytes, END_STREAM, RST_STREAM. */
    static final class Stream extends ChannelInboundHandlerAdapter {
        final CompletableFuture<Http2Headers> response = new CompletableFuture<>();
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        final CompletableFuture<Long> reset = new CompletableFuture<>();
        private final ByteArrayOutputStream data = new ByteArrayOutputStream();
        volatile Http2StreamChannel channel;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2HeadersFrame h) {
                    response.complete(h.headers());
                    if (h.isEndStream()) {
                        ended.complete(null);
                    }
                } else if (msg instanceof Http2DataFrame d) {
                    synchronized (data) {
                        d.content().readBytes(data, d.content().readableBytes());
                    }
                    if (d.isEndStream()) {
                        ended.complete(null);
                    }
                } else if (msg instanceof ByteBuf b) {
                    synchronized (data) {
                        b.readBytes(data, b.readableBytes()); // bytes decrypted by a TLS session inside the tunnel
                    }
                } else if (msg instanceof Http2ResetFrame r) {
                    reset.complete(r.errorCode());
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof Http2ResetFrame r) {
                reset.complete(r.errorCode());
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            response.completeExceptionally(new AssertionError("stream closed before a response"));
            ended.completeExceptionally(new AssertionError("stream closed without END_STREAM"));
            ctx.fireChannelInactive();
        }

        String text() {
            synchronized (data) {
                return data.toString(StandardCharsets.UTF_8);
            }
        }

        /** The bytes so far, one char per byte, so that lengths match Content-Length. */
        String bytes() {
            synchronized (data) {
                return data.toString(StandardCharsets.ISO_8859_1);
            }
        }

        int size() {
            synchronized (data) {
                return data.size();
            }
        }

        /** Runs TLS to the origin inside this tunnel: DATA frames carry the TLS records. */
        SslHandler startTls(SslContext originTrust, String host, int port) {
            SslHandler tls = originTrust.newHandler(channel.alloc(), host, port);
            channel.pipeline().addFirst("frames", new ChannelDuplexHandler() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    if (msg instanceof Http2DataFrame d) {
                        ctx.fireChannelRead(d.content());
                    } else {
                        ctx.fireChannelRead(msg);
                    }
                }

                @Override
                public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                    ctx.write(msg instanceof ByteBuf b ? new DefaultHttp2DataFrame(b) : msg, promise);
                }
            });
            channel.pipeline().addAfter("frames", "tls", tls);
            return tls;
        }

        void send(String s, boolean end) {
            ByteBuf b = Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
            channel.writeAndFlush(new DefaultHttp2DataFrame(b, end));
        }
    }
}
