package dev.portcullis.proxy.upstream;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * Last handler of an upstream HTTP/1.1 connection: hands every event to the exchange that has borrowed the
 * connection, and looks after the connection itself while it sits idle in the pool.
 */
public final class UpstreamHttpHandler extends ChannelInboundHandlerAdapter {
    private final UpstreamPools pools;
    private UpstreamListener listener;

    public UpstreamHttpHandler(UpstreamPools pools) {
        this.pools = pools;
    }

    public void bind(UpstreamListener listener) {
        this.listener = listener;
    }

    public void unbind() {
        this.listener = null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        UpstreamListener l = listener;
        if (l != null && msg instanceof HttpObject http) {
            l.onResponse(http);
        } else {
            // Bytes from an origin nobody asked: the connection can no longer be trusted for reuse.
            ReferenceCountUtil.release(msg);
            ctx.close();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        UpstreamListener l = listener;
        if (l != null && ctx.channel().isWritable()) {
            l.onUpstreamWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        UpstreamListener l = listener;
        listener = null;
        pools.remove(ctx.channel());
        if (l != null) {
            l.onUpstreamClosed();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            UpstreamListener l = listener;
            if (l != null) {
                l.onUpstreamIdle();
            } else {
                ctx.close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        UpstreamListener l = listener;
        listener = null;
        ctx.close();
        if (l != null) {
            l.onUpstreamError(cause);
        }
    }
}
