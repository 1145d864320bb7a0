package dev.portcullis.tls;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/** Real TLS servers and clients over 127.0.0.1 with port 0, for tests. Close it to free every channel and thread. */
public final class Loopback implements AutoCloseable {

    public static final long TIMEOUT_SECONDS = 15;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final List<Channel> channels = new CopyOnWriteArrayList<>();

    /** A TLS server presenting {@code context}; returns its port. */
    public int server(SslContext context) throws InterruptedException {
        return server(() -> null, channel -> context.newHandler(channel.alloc()));
    }

    /** A server whose pipeline gets {@code firstHandler} (e.g. an SniHandler); returns its port. */
    public int serverWith(Supplier<ChannelHandler> firstHandler) throws InterruptedException {
        return server(firstHandler, channel -> null);
    }

    private int server(Supplier<ChannelHandler> first, Function<Channel, SslHandler> ssl) throws InterruptedException {
        Channel server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channels.add(channel);
                        ChannelHandler handler = first.get();
                        if (handler == null) {
                            handler = ssl.apply(channel);
                        }
                        // As the proxy must: a failed SNI lookup or handshake closes the connection at once.
                        channel.pipeline().addLast(handler, new CloseOnException());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        channels.add(server);
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /**
     * Connects to 127.0.0.1:{@code port} with the handler {@code ssl} makes and returns it after its handshake; the
     * future fails with the handshake's cause.
     */
    public CompletableFuture<SslHandler> handshake(int port, Function<Channel, SslHandler> ssl) {
        CompletableFuture<SslHandler> result = new CompletableFuture<>();
        new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channels.add(channel);
                        SslHandler handler = ssl.apply(channel);
                        channel.pipeline().addLast(handler, new CloseOnException());
                        handler.handshakeFuture().addListener(done -> {
                            if (done.isSuccess()) {
                                result.complete(handler);
                            } else {
                                result.completeExceptionally(done.cause());
                            }
                        });
                    }
                })
                .connect("127.0.0.1", port)
                .addListener(connected -> {
                    if (!connected.isSuccess()) {
                        result.completeExceptionally(connected.cause());
                    }
                });
        return result;
    }

    /** The failure is already reported through the handshake future; closing keeps the pipeline tail quiet. */
    private static final class CloseOnException extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** Waits for a handshake (bounded) and returns its handler. */
    public static SslHandler await(CompletableFuture<SslHandler> handshake)
            throws InterruptedException, ExecutionException, TimeoutException {
        return handshake.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** Waits for a handshake that must fail (bounded) and returns its cause. */
    public static Throwable awaitFailure(CompletableFuture<SslHandler> handshake) throws Exception {
        try {
            handshake.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("handshake succeeded but was expected to fail");
    }

    public EventLoopGroup group() {
        return group;
    }

    @Override
    public void close() {
        for (Channel channel : channels) {
            channel.close().awaitUninterruptibly(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
