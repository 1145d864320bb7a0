package dev.portcullis.proxy.inspect;

import dev.portcullis.proxy.pipeline.ProxyServices;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;

/**
 * Last handler of one HTTP/2 stream of an inspected client: its one request runs as an {@link InspectedExchange},
 * exactly as a request on an HTTP/1.1 inspected connection does (same policy check, same forwarding core).
 */
final class InspectedStream extends ChannelInboundHandlerAdapter implements ExchangeOwner {
    private final ProxyServices services;
    private final InspectedOrigin origin;
    private final OriginLink link;
    private InspectedExchange exchange;
    private boolean started;

    InspectedStream(ProxyServices services, InspectedOrigin origin, OriginLink link) {
        this.services = services;
        this.origin = origin;
        this.link = link;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request && !started) {
            started = true;
            exchange = new InspectedExchange(this, ctx, request, services, origin, link);
            exchange.start();
            return;
        }
        if (msg instanceof HttpContent content && exchange != null) {
            exchange.onRequestContent(content);
            return;
        }
        // Body of a request answered already, or a second head (trailers arrive as LastHttpContent, not here).
        ReferenceCountUtil.release(msg);
        if (msg instanceof HttpRequest) {
            ctx.close();
            return;
        }
        ctx.read();
    }

    @Override
    public void exchangeFinished(InspectedExchange finished, boolean keepAlive) {
        if (exchange == finished) {
            exchange = null;
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (exchange != null && ctx.channel().isWritable()) {
            exchange.onClientWritable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (exchange != null) {
            InspectedExchange ex = exchange;
            exchange = null;
            ex.onClientClosed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
