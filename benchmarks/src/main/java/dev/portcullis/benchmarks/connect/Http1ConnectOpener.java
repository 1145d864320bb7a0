package dev.portcullis.benchmarks.connect;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 CONNECT over a new connection per tunnel: plain TCP to the proxy's {@code --listen}, or TLS (ALPN
 * {@code http/1.1}) to its {@code --tls-listen} when given a context. The open latency includes the TCP connect
 * and, for TLS, the handshake: that is what a client pays for each HTTP/1.1 tunnel.
 */
final class Http1ConnectOpener implements TunnelOpener {
    private final String name;
    private final EventLoopGroup group;
    private final InetSocketAddress proxy;
    private final SslContext tls;
    private final byte[] connectRequest;

    Http1ConnectOpener(String name, EventLoopGroup group, InetSocketAddress proxy, SslContext tls, int originPort) {
        this.name = name;
        this.group = group;
        this.proxy = proxy;
        this.tls = tls;
        String authority = "127.0.0.1:" + originPort;
        this.connectRequest = ("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Future<Long> open() {
        Promise<Long> done = group.next().newPromise();
        long start = System.nanoTime();
        ChannelFuture connecting = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc(), proxy.getHostString(), proxy.getPort()));
                        }
                        ch.pipeline().addLast(new Exchange(done, start));
                    }
                })
                .connect(proxy);
        connecting.addListener(f -> {
            if (!f.isSuccess()) {
                done.tryFailure(new IllegalStateException(name + ": cannot connect to the proxy at " + proxy,
                        f.cause()));
            }
        });
        return done;
    }

    @Override
    public void close() {
    }

    /** Sends the CONNECT, reads the response head, sends the probe, reads it back, closes. */
    private final class Exchange extends ChannelInboundHandlerAdapter {
        private final Promise<Long> done;
        private final long start;
        private ByteBuf head;
        private long openNanos = -1;
        private int echoed;

        Exchange(Promise<Long> done, long start) {
            this.done = done;
            this.start = start;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            // Before a TLS handshake ends the SslHandler holds this write back, then sends it as the first record.
            ctx.writeAndFlush(Unpooled.wrappedBuffer(connectRequest));
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                if (openNanos < 0) {
                    readHead(ctx, in);
                } else {
                    readEcho(ctx, in);
                }
            } finally {
                in.release();
            }
        }

        private void readHead(ChannelHandlerContext ctx, ByteBuf in) {
            if (head == null) {
                head = ctx.alloc().heapBuffer(256);
            }
            head.writeBytes(in);
            String text = head.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                if (head.readableBytes() > 8192) {
                    fail(ctx, "response head longer than 8 KiB");
                }
                return;
            }
            openNanos = System.nanoTime() - start;
            if (!text.startsWith("HTTP/1.1 200")) {
                fail(ctx, "proxy answered " + text.substring(0, text.indexOf('\r')));
                return;
            }
            if (end + 4 != text.length()) {
                fail(ctx, "bytes after the 200 before the probe was sent");
                return;
            }
            ctx.writeAndFlush(Probe.buffer());
        }

        private void readEcho(ChannelHandlerContext ctx, ByteBuf in) {
            while (in.isReadable()) {
                if (echoed >= Probe.BYTES.length || in.readByte() != Probe.BYTES[echoed]) {
                    fail(ctx, "the echo differs from the probe at byte " + echoed);
                    return;
                }
                echoed++;
            }
            if (echoed == Probe.BYTES.length) {
                ctx.close();
                done.trySuccess(openNanos);
            }
        }

        private void fail(ChannelHandlerContext ctx, String why) {
            ctx.close();
            done.tryFailure(new IllegalStateException(name + ": " + why));
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (head != null) {
                head.release();
                head = null;
            }
            done.tryFailure(new IllegalStateException(name + ": the proxy closed the connection "
                    + (openNanos < 0 ? "before answering the CONNECT" : "before the probe came back")));
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
            done.tryFailure(new IllegalStateException(name + ": " + cause, cause));
        }
    }
}
