package dev.portcullis.e2e.http2;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslContext;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A raw TCP origin on 127.0.0.1:0, optionally behind TLS: either echoes (and answers a FIN with a FIN), or floods a
 * fixed number of bytes as fast as the connection takes them, counting what it managed to hand to the socket.
 */
final class TcpOrigin implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    final AtomicLong bytesWritten = new AtomicLong();

    private TcpOrigin(SslContext tls, long floodBytes) throws InterruptedException {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.incrementAndGet();
                        ch.closeFuture().addListener(f -> closed.incrementAndGet());
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(floodBytes > 0 ? new Flood(floodBytes) : new Echo());
                    }
                }).bind("127.0.0.1", 0).sync().channel();
    }

    static TcpOrigin echo() throws InterruptedException {
        return new TcpOrigin(null, 0);
    }

    static TcpOrigin tlsEcho(SslContext tls) throws InterruptedException {
        return new TcpOrigin(tls, 0);
    }

    static TcpOrigin flood(long bytes) throws InterruptedException {
        return new TcpOrigin(null, bytes);
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final class Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.writeAndFlush(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent && ctx.channel() instanceof SocketChannel s) {
                s.shutdownOutput().addListener(f -> ctx.close()); // FIN answered with FIN: done
            }
            ctx.fireUserEventTriggered(evt);
        }
    }

    private final class Flood extends ChannelInboundHandlerAdapter {
        private static final int CHUNK = 16 * 1024;
        private final long total;
        private long queued;

        Flood(long total) {
            this.total = total;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            pump(ctx);
            ctx.fireChannelActive();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            pump(ctx);
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ((ByteBuf) msg).release();
        }

        private void pump(ChannelHandlerContext ctx) {
            while (ctx.channel().isWritable() && queued < total) {
                int n = (int) Math.min(CHUNK, total - queued);
                queued += n;
                ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[n]))
                        .addListener(f -> {
                            if (f.isSuccess()) {
                                bytesWritten.addAndGet(n);
                            }
                        });
            }
        }
    }
}
