package dev.portcullis.proxy.http2;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.ReferenceCountUtil;

/**
 * Makes an HTTP/2 CONNECT stream look like a socket to the handlers behind it: DATA frames in become {@link ByteBuf}s,
 * {@link ByteBuf}s out become DATA frames, the client's END_STREAM becomes a {@link ChannelInputShutdownEvent} and
 * closing the channel first ends our side with END_STREAM. So the HTTP/1 inspection pipeline (ClientHello reader, TLS,
 * HTTP codec) runs unchanged on the stream. Reads stay demand-driven: a frame is taken from the stream (and its bytes
 * returned to the client's window) only when a handler behind asks to read, so flow control is the backpressure.
 */
final class StreamBytes extends ChannelDuplexHandler {
    static final String NAME = "h2-stream-bytes";

    private boolean forwarded;
    private boolean inputEnded;
    private boolean endSent;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Http2DataFrame data) {
            boolean end = data.isEndStream();
            if (data.content().isReadable()) {
                forwarded = true;
                ctx.fireChannelRead(data.content()); // the frame holds nothing but its buffer: ownership moves on
            } else {
                data.release();
            }
            if (end) {
                inputEnded(ctx);
            }
        } else if (msg instanceof Http2HeadersFrame trailers) {
            // Trailers mean nothing in a byte stream; only their END_STREAM does.
            if (trailers.isEndStream()) {
                inputEnded(ctx);
            }
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    private void inputEnded(ChannelHandlerContext ctx) {
        if (!inputEnded) {
            inputEnded = true;
            forwarded = true;
            ctx.fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        boolean anything = forwarded;
        forwarded = false;
        if (!anything && !inputEnded && ctx.channel().isActive()) {
            // Only empty frames arrived: the handler behind saw nothing, so its demand is still open.
            ctx.read();
            return;
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf buf) {
            if (endSent) {
                buf.release();
                promise.setFailure(new IllegalStateException("stream already ended"));
                return;
            }
            ctx.write(new DefaultHttp2DataFrame(buf), promise);
            return;
        }
        ctx.write(msg, promise);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (endSent || !ctx.channel().isActive()) {
            ctx.close(promise);
            return;
        }
        // A clean end (END_STREAM after everything queued) rather than the RST_STREAM a bare close would send; the
        // close that follows resets only a stream whose client has not ended its own side.
        endSent = true;
        ctx.writeAndFlush(new DefaultHttp2DataFrame(true)).addListener(f -> ctx.close(promise));
    }
}
