package dev.portcullis.proxy.connect;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * Relays bytes from its own channel to its peer, one instance on each side of a tunnel. Backpressure: this side is
 * read only while the peer is writable; the peer's relay resumes reading here when the peer drains. A half-close
 * (FIN) is passed on as a half-close; when either side is gone, the other is closed once its pending bytes are out.
 */
final class TunnelRelay extends ChannelInboundHandlerAdapter {
    private final Tunnel tunnel;
    private final boolean clientSide;
    private Channel peer;

    TunnelRelay(Tunnel tunnel, boolean clientSide) {
        this.tunnel = tunnel;
        this.clientSide = clientSide;
    }

    void peer(Channel peer) {
        this.peer = peer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (peer == null || !peer.isActive()) {
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        if (msg instanceof ByteBuf buf) {
            tunnel.countBytes(clientSide, buf.readableBytes());
        }
        // A write failure fires exceptionCaught on the peer, whose relay closes both sides.
        peer.write(msg, peer.voidPromise());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (peer == null) {
            return;
        }
        peer.flush();
        if (peer.isWritable()) {
            ctx.read();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        // Our channel drained: the peer may send us more.
        if (ctx.channel().isWritable() && peer != null && peer.isActive()) {
            peer.read();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            if (peer instanceof DuplexChannel duplex && peer.isActive()) {
                // Pass the FIN on after everything read so far.
                peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> duplex.shutdownOutput());
            }
            if (tunnel.halfClosed(clientSide)) {
                closeBoth(ctx);
            }
            return;
        }
        if (evt instanceof IdleStateEvent) {
            tunnel.idleTimeout();
            closeBoth(ctx);
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (peer != null && peer.isActive()) {
            peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
        tunnel.sideClosed();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        tunnel.failed(clientSide, cause);
        closeBoth(ctx);
    }

    private void closeBoth(ChannelHandlerContext ctx) {
        ctx.close();
        if (peer != null) {
            peer.close();
        }
    }
}
