package dev.portcullis.proxy.daemon;

import dev.portcullis.proxy.errors.ErrorResponses;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.timeout.ReadTimeoutHandler;

import java.net.InetSocketAddress;

/** The admin listener: health and readiness for probes (metrics and the policy API build on it). */
final class AdminServer implements AutoCloseable {
    private final Channel channel;

    private AdminServer(Channel channel) {
        this.channel = channel;
    }

    static AdminServer start(EventLoopGroup group, Transport transport, InetSocketAddress address, Daemon daemon)
            throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new ReadTimeoutHandler(30))
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpObjectAggregator(1 << 20))
                                .addLast(new Handler(daemon));
                    }
                });
        return new AdminServer(bootstrap.bind(address).sync().channel());
    }

    InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }

    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Daemon daemon;

        Handler(Daemon daemon) {
            this.daemon = daemon;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            String path = request.uri();
            int q = path.indexOf('?');
            if (q >= 0) {
                path = path.substring(0, q);
            }
            FullHttpResponse response = switch (path) {
                case "/healthz" -> text(ctx, HttpResponseStatus.OK, "ok\n");
                case "/readyz" -> daemon.ready()
                        ? text(ctx, HttpResponseStatus.OK, "ready\n")
                        : text(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "not ready\n");
                default -> text(ctx, HttpResponseStatus.NOT_FOUND, "not found: " + path + "\n");
            };
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            if (keepAlive) {
                ctx.writeAndFlush(response);
            } else {
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            }
        }

        private static FullHttpResponse text(ChannelHandlerContext ctx, HttpResponseStatus status, String body) {
            return ErrorResponses.text(ctx.alloc(), status, null, body, null, false);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
