package dev.portcullis.proxy.http2;

import dev.portcullis.proxy.connect.Tunnel;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * One side of a CONNECT stream's relay: on the stream channel it turns DATA frames into bytes for the origin socket,
 * on the origin socket it turns bytes into DATA frames. Both channels have auto-read off and each side is read only
 * while the other is writable. For the stream that is what maps flow control to backpressure: Netty's multiplexer
 * returns a DATA frame's bytes to the client's window (WINDOW_UPDATE) only when the frame is read out of the stream
 * channel, which happens only while the origin socket can take more; and the stream channel turns unwritable when
 * the client's window is used up, which stops reads from the origin.
 */
final class StreamRelay extends ChannelInboundHandlerAdapter {
    private final Tunnel tunnel;
    private final boolean streamSide;
    private Channel peer;
    private boolean endStreamSent;

    private StreamRelay(Tunnel tunnel, boolean streamSide) {
        this.tunnel = tunnel;
        this.streamSide = streamSide;
    }

    /** The relay on the client's stream channel. */
    static StreamRelay onStream(Tunnel tunnel) {
        return new StreamRelay(tunnel, true);
    }

    /** The relay on the origin socket. */
    static StreamRelay onUpstream(Tunnel tunnel) {
        return new StreamRelay(tunnel, false);
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
        if (streamSide) {
            fromStream(msg);
        } else if (msg instanceof ByteBuf buf) {
            tunnel.countBytes(false, buf.readableBytes());
            peer.write(new DefaultHttp2DataFrame(buf)).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void fromStream(Object msg) {
        boolean end;
        if (msg instanceof Http2DataFrame data) {
            tunnel.countBytes(true, data.content().readableBytes());
            end = data.isEndStream();
            // The frame's buffer goes to the socket, which releases it; the frame itself holds nothing else.
            peer.write(data.content()).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        } else if (msg instanceof Http2HeadersFrame trailers) {
            // Trailers have no meaning in a tunnel; only their END_STREAM does.
            end = trailers.isEndStream();
        } else {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (end && peer instanceof DuplexChannel duplex) {
            peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> duplex.shutdownOutput());
        }
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
        // Our side drained (socket buffer, or the client's stream window grew): the peer may be read again.
        if (ctx.channel().isWritable() && peer != null && peer.isActive()) {
            peer.read();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent && !streamSide) {
            // The origin sent FIN: END_STREAM after everything read so far.
            if (peer != null && peer.isActive()) {
                endStreamSent = true;
                peer.writeAndFlush(new DefaultHttp2DataFrame(true));
            }
            return;
        }
        if (evt instanceof IdleStateEvent) {
            tunnel.endReason("tunnel_idle_timeout");
            closeBoth(ctx);
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (peer != null && peer.isActive()) {
            if (streamSide) {
                // RST_STREAM or the stream ended both ways: the origin connection has nothing left to do.
                peer.close();
            } else if (!endStreamSent && peer instanceof Http2StreamChannel) {
                // The origin closed without a FIN first: end the stream after what was already queued.
                endStreamSent = true;
                peer.writeAndFlush(new DefaultHttp2DataFrame(true)).addListener(ChannelFutureListener.CLOSE);
            } else {
                peer.close();
            }
        }
        tunnel.sideClosed();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        tunnel.endReason(streamSide ? "client_error" : "upstream_error");
        closeBoth(ctx);
    }

    private void closeBoth(ChannelHandlerContext ctx) {
        ctx.close();
        if (peer != null) {
            peer.close();
        }
    }
}
