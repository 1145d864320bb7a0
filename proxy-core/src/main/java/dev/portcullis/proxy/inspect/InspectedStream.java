package dev.portcullis.proxy.inspect;

import dev.portcullis.proxy.exchange.CurrentExchange;
import dev.portcullis.proxy.exchange.Exchange;
import dev.portcullis.proxy.exchange.ExchangeOwner;
import dev.portcullis.proxy.pipeline.ProxyServices;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;

/**
 * Last handler of one HTTP/2 stream of an inspected client: its one request runs as an {@link Exchange},
 * exactly as a request on an HTTP/1.1 inspected connection does (same policy check, same forwarding core).
 */
final class InspectedStream extends ChannelInboundHandlerAdapter implements ExchangeOwner {
    private final ProxyServices services;
    private final InspectedRules rules;
    private final LinkAccess access;
    private final CurrentExchange current = new CurrentExchange();
    private boolean started;

    InspectedStream(ProxyServices services, InspectedRules rules, LinkAccess access) {
        this.services = services;
        this.rules = rules;
        this.access = access;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request && !started) {
            started = true;
            current.start(new Exchange(this, ctx, request, services, rules, access));
            return;
        }
        if (msg instanceof HttpContent content && current.offer(content)) {
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
    public void exchangeFinished(Exchange finished, boolean keepAlive) {
        current.finished(finished);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        current.clientWritabilityChanged(ctx.channel());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        current.clientClosed();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
