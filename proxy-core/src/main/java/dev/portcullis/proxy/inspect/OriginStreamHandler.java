package dev.portcullis.proxy.inspect;

import dev.portcullis.proxy.upstream.UpstreamListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

import java.io.IOException;

/**
 * Last handler of one upstream HTTP/2 stream (behind {@code Http2StreamFrameToHttpObjectCodec}): hands responses to
 * the exchange, and turns "the origin never processed this stream" into a {@link RefusedStream} the exchange may
 * retry.
 */
final class OriginStreamHandler extends ChannelInboundHandlerAdapter {
    static final String NAME = "inspect-origin-stream";

    private UpstreamListener listener;

    void bind(UpstreamListener l) {
        this.listener = l;
    }

    void unbind() {
        this.listener = null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        UpstreamListener l = listener;
        if (l != null && msg instanceof HttpObject http) {
            l.onResponse(http);
        } else {
            ReferenceCountUtil.release(msg);
            ctx.close();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof Http2ResetFrame reset) {
            long code = reset.errorCode();
            ReferenceCountUtil.release(evt);
            fail(ctx, code == Http2Error.REFUSED_STREAM.code()
                    ? new RefusedStream("the origin refused the stream (REFUSED_STREAM)")
                    : new IOException("the origin reset the stream (HTTP/2 error " + code + ")"));
        } else if (evt instanceof Http2GoAwayFrame goAway) {
            int last = goAway.lastStreamId();
            long code = goAway.errorCode();
            ReferenceCountUtil.release(evt);
            int id = ((Http2StreamChannel) ctx.channel()).stream().id();
            fail(ctx, id > last
                    ? new RefusedStream("the origin sent GOAWAY before processing stream " + id)
                    : new IOException("the origin sent GOAWAY (HTTP/2 error " + code + ")"));
        } else if (evt instanceof IdleStateEvent) {
            UpstreamListener l = listener;
            if (l != null) {
                l.onUpstreamIdle();
            } else {
                ctx.close();
            }
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    private void fail(ChannelHandlerContext ctx, Throwable cause) {
        UpstreamListener l = listener;
        listener = null;
        ctx.close();
        if (l != null) {
            l.onUpstreamError(cause);
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
        if (l != null) {
            l.onUpstreamClosed();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, cause);
    }
}
