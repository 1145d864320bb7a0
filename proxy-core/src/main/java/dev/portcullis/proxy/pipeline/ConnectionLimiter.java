package dev.portcullis.proxy.pipeline;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps concurrent client connections. Over the cap, a connection gets a 503 and is closed before anything is read;
 * the ones already in are never disturbed.
 */
@ChannelHandler.Sharable
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private static final byte[] REFUSAL = ("HTTP/1.1 503 Service Unavailable\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "X-Portcullis-Error: too_many_connections\r\n"
            + "Connection: close\r\nContent-Length: 40\r\n\r\n"
            + "503 Service Unavailable: too many conns\n").getBytes(StandardCharsets.US_ASCII);

    private final int max;
    private final AtomicInteger active = new AtomicInteger();
    private final ChannelGroup admitted = new DefaultChannelGroup("clients", GlobalEventExecutor.INSTANCE);

    public ConnectionLimiter(int max) {
        this.max = max;
    }

    public int active() {
        return active.get();
    }

    /** Every admitted client connection that is still open (closed ones leave the group by themselves). */
    public ChannelGroup admitted() {
        return admitted;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (active.incrementAndGet() > max) {
            active.decrementAndGet();
            ctx.writeAndFlush(Unpooled.wrappedBuffer(REFUSAL)).addListener(ChannelFutureListener.CLOSE);
            ctx.pipeline().remove(this);
            // Do not propagate: the rest of the pipeline never sees this connection as active.
            ctx.channel().config().setAutoRead(false);
            return;
        }
        ctx.channel().closeFuture().addListener(f -> active.decrementAndGet());
        admitted.add(ctx.channel());
        ctx.pipeline().remove(this);
        ctx.fireChannelActive();
    }
}
