package dev.portcullis.proxy.http2;

import dev.portcullis.proxy.pipeline.DrainEvent;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.timeout.IdleStateEvent;

/**
 * Ends an HTTP/2 client connection gracefully: when it idles with no open stream (closed at once), and when the
 * daemon drains (GOAWAY NO_ERROR, so the client opens no new stream here, then closed once the streams already open
 * have ended; the daemon's drain deadline bounds the wait).
 */
final class Http2ConnectionGuard extends ChannelInboundHandlerAdapter {
    private final Http2FrameCodec codec;
    private boolean draining;

    Http2ConnectionGuard(Http2FrameCodec codec) {
        this.codec = codec;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        codec.connection().addListener(new Http2ConnectionAdapter() {
            @Override
            public void onStreamClosed(Http2Stream stream) {
                if (draining) {
                    closeWhenQuiet(ctx);
                }
            }
        });
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof DrainEvent) {
            if (!draining) {
                draining = true;
                // Written from here, so it goes through the codec, which fills in the last stream id it accepted.
                ctx.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR));
                closeWhenQuiet(ctx);
            }
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

    private void closeWhenQuiet(ChannelHandlerContext ctx) {
        Http2Connection connection = codec.connection();
        if (connection.numActiveStreams() == 0) {
            // Later, not inside the codec's stream-closed callback.
            ctx.executor().execute(() -> ctx.channel().close());
        }
    }
}
