package dev.portcullis.proxy.http2;

import dev.portcullis.proxy.pipeline.DrainEvent;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameStreamException;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends an HTTP/2 client connection gracefully (the HTTPS listener's, and the client side of an inspected tunnel): when it idles with no open stream (closed at once), and when the
 * daemon drains (GOAWAY NO_ERROR, so the client opens no new stream here, then closed once the streams already open
 * have ended; the daemon's drain deadline bounds the wait).
 */
public final class Http2ConnectionGuard extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(Http2ConnectionGuard.class);
    private final Http2FrameCodec codec;
    private boolean draining;

    public Http2ConnectionGuard(Http2FrameCodec codec) {
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
        if (evt instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) {
            // Inside an inspected tunnel h2 is set up before the client accepted the minted leaf.
            log.debug("client {} refused the TLS handshake: {}", ctx.channel().remoteAddress(), done.cause().toString());
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    /**
     * Connection errors (a Rapid Reset budget spent, a protocol violation) are fired here by the codec just before
     * it writes its GOAWAY with the error code and closes; they are only noted (closing here first would send
     * GOAWAY NO_ERROR instead). Left to the pipeline tail they became a WARN with a stack trace per misbehaving
     * client.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof Http2FrameStreamException) {
            ctx.fireExceptionCaught(cause); // one stream's error: the multiplexer hands it to that stream
            return;
        }
        log.debug("h2 connection from {} ended: {}", ctx.channel().remoteAddress(), cause.toString());
        if (Http2CodecUtil.getEmbeddedHttp2Exception(cause) == null) {
            ctx.close(); // not the codec's to answer: nothing else will end this connection
        }
    }

    private void closeWhenQuiet(ChannelHandlerContext ctx) {
        Http2Connection connection = codec.connection();
        if (connection.numActiveStreams() == 0) {
            // Later, not inside the codec's stream-closed callback.
            ctx.executor().execute(() -> ctx.channel().close());
        }
    }
}
