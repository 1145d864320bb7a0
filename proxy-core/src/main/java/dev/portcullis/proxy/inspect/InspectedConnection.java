package dev.portcullis.proxy.inspect;

import dev.portcullis.proxy.errors.ErrorResponses;
import dev.portcullis.proxy.errors.FailureClassifier;
import dev.portcullis.proxy.errors.ProxyFailure;
import dev.portcullis.proxy.exchange.CurrentExchange;
import dev.portcullis.proxy.exchange.Exchange;
import dev.portcullis.proxy.exchange.ExchangeOwner;
import dev.portcullis.proxy.http.RequestIds;
import dev.portcullis.proxy.pipeline.ClientTimeouts;
import dev.portcullis.proxy.pipeline.DrainEvent;
import dev.portcullis.proxy.pipeline.ProxyServices;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last handler of a client connection after inspection began: takes decrypted requests one at a time and runs each
 * as an {@link Exchange} over the one verified origin connection. The origin connection lives exactly as
 * long as this one: when either closes, both do.
 */
final class InspectedConnection extends ChannelInboundHandlerAdapter implements ExchangeOwner {
    private static final Logger log = LoggerFactory.getLogger(InspectedConnection.class);

    private final ProxyServices services;
    private final InspectedOrigin origin;
    private final InspectedRules rules;
    private final LinkAccess access;
    private final ClientTimeouts timeouts;
    private ChannelHandlerContext ctx;
    private final CurrentExchange current = new CurrentExchange();
    private boolean draining;

    InspectedConnection(ProxyServices services, InspectedOrigin origin, ClientTimeouts timeouts) {
        this.services = services;
        this.origin = origin;
        OriginLink link = new DedicatedOrigin(origin);
        this.rules = new InspectedRules(services, origin, link);
        this.access = new LinkAccess(origin, link);
        this.timeouts = timeouts;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        origin.channel().closeFuture().addListener(f -> ctx.executor().execute(this::onOriginClosed));
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            timeouts.requestReceived();
            if (current.isActive()) {
                ReferenceCountUtil.release(msg);
                ctx.close();
                return;
            }
            if (request.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                ProxyFailure failure = FailureClassifier.requestDecodeFailure(request.decoderResult().cause());
                ctx.writeAndFlush(ErrorResponses.of(ctx.alloc(), failure, RequestIds.next(), true))
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
            current.start(new Exchange(this, ctx, request, services, rules, access));
            return;
        }
        if (msg instanceof HttpContent content && current.offer(content)) {
            return;
        }
        // Content of a request that was answered locally.
        ReferenceCountUtil.release(msg);
        ctx.read();
    }

    @Override
    public void exchangeFinished(Exchange finished, boolean keepAlive) {
        if (!current.finished(finished)) {
            return;
        }
        if (keepAlive && !draining && ctx.channel().isActive() && origin.channel().isActive()) {
            timeouts.awaitingRequest();
            ctx.read();
        } else {
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private void onOriginClosed() {
        if (!current.isActive() && ctx.channel().isActive()) {
            // Nothing in flight: the client learns the end the only way HTTP/1.1 has, by the connection closing.
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof DrainEvent) {
            draining = true;
            if (!current.isActive()) {
                ctx.close();
            }
            return;
        }
        if (evt instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) {
            log.debug("client {} refused the inspected handshake for {}: {}", ctx.channel().remoteAddress(),
                    origin.target(), done.cause().toString());
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        current.clientWritabilityChanged(ctx.channel());
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        current.clientClosed();
        origin.channel().close();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("inspected connection {} to {} failed: {}", ctx.channel().remoteAddress(), origin.target(),
                cause.toString());
        ctx.close();
    }
}
