package dev.portcullis.proxy.pipeline;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;

/**
 * With auto-read off, hands the next handler exactly one decoded message per {@code read()}: a decoder may produce
 * several messages from one socket read (pipelined requests), and the surplus waits here, never more than one
 * socket read's worth. Unlike Netty's {@code FlowControlHandler}, a read requested while a message is being handled
 * stays requested until a message arrives, whatever read cycles complete in between.
 */
public final class MessagePacer extends ChannelDuplexHandler {
    private final ArrayDeque<Object> queue = new ArrayDeque<>(4);
    private boolean wanted;

    @Override
    public void read(ChannelHandlerContext ctx) {
        Object next = queue.poll();
        if (next != null) {
            wanted = false;
            ctx.fireChannelRead(next);
        } else {
            wanted = true;
            ctx.read();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (wanted && queue.isEmpty()) {
            wanted = false;
            ctx.fireChannelRead(msg);
        } else {
            queue.add(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseQueued();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseQueued();
    }

    private void releaseQueued() {
        Object msg;
        while ((msg = queue.poll()) != null) {
            ReferenceCountUtil.release(msg);
        }
    }
}
