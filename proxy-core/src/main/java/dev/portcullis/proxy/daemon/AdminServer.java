package dev.portcullis.proxy.daemon;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.ReadTimeoutHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * The admin listener: HTTP/1.1 with bodies up to 1 MiB, one request at a time per connection (reading pauses
 * while a handler works, so answers cannot overtake each other). What it serves is the {@link AdminRouter}'s job.
 */
final class AdminServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);
    static final int MAX_BODY = 1 << 20;

    private final Channel channel;

    private AdminServer(Channel channel) {
        this.channel = channel;
    }

    static AdminServer start(EventLoopGroup group, Transport transport, InetSocketAddress address,
                             AdminRouter router) throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(new ReadTimeoutHandler(30))
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpObjectAggregator(MAX_BODY))
                                .addLast(new Handler(router));
                    }
                });
        return new AdminServer(bootstrap.bind(address).sync().channel());
    }

    InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    boolean isActive() {
        return channel.isActive();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }

    private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final AdminRouter router;

        Handler(AdminRouter router) {
            this.router = router;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.read();
            ctx.fireChannelActive();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            if (request.decoderResult().isFailure()) {
                write(ctx, AdminResponse.error(400, "bad_request", "malformed request: "
                        + request.decoderResult().cause().getMessage()), false);
                return;
            }
            String method = request.method().name();
            byte[] body = ByteBufUtil.getBytes(request.content());
            router.dispatch(method, request.uri(), request.headers(), body,
                            (InetSocketAddress) ctx.channel().localAddress())
                    .whenComplete((response, failure) -> {
                        AdminResponse r = response;
                        if (failure != null) {
                            log.warn("admin {} {} failed", method, request.uri(), failure);
                            r = AdminResponse.error(500, "internal_error", "the admin call failed: " + failure);
                        }
                        AdminResponse answer = r;
                        if (ctx.executor().inEventLoop()) {
                            write(ctx, answer, keepAlive);
                        } else {
                            ctx.executor().execute(() -> write(ctx, answer, keepAlive));
                        }
                    });
        }

        private static void write(ChannelHandlerContext ctx, AdminResponse r, boolean keepAlive) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(r.status()), Unpooled.wrappedBuffer(r.body()));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, r.contentType())
                    .set(HttpHeaderNames.CONTENT_LENGTH, r.body().length);
            if (!r.headers().containsKey("Cache-Control")) {
                response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
            }
            for (Map.Entry<String, String> h : r.headers().entrySet()) {
                response.headers().set(h.getKey(), h.getValue());
            }
            if (!keepAlive) {
                response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            ctx.writeAndFlush(response).addListener(f -> {
                if (f.isSuccess()) {
                    ctx.read();
                }
            });
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
