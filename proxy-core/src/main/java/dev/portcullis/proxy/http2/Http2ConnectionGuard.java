package dev.portcullis.proxy.http2;

import dev.portcullis.proxy.pipeline.DrainEvent;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Ends an HTTP/2 client connection gracefully when it idles with no open stream, or when the daemon drains.
 * {@code Channel.close()} on a connection with the frame codec sends GOAWAY(NO_ERROR) and lets open streams finish
 * (up to the codec's graceful shutdown timeout, and the daemon's drain deadline) before the socket closes.
 */
final class Http2ConnectionGuard extends ChannelInboundHandlerAdapter {
    private final Http2FrameCodec codec;

    Http2ConnectionGuard(Http2FrameCodec codec) {
        this.codec = codec;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof DrainEvent) {
            ctx.channel().close(); // through the codec, from the tail: GOAWAY, then close when streams are done
            return;
        }
        if (evt instanceof IdleStateEvent) {
            if (codec.connection().numActiveStreams() == 0) {
                ctx.channel().close();
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }
}
