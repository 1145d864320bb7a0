package dev.portcullis.proxy.http1;

import dev.portcullis.proxy.http.RequestIds;
import dev.portcullis.proxy.errors.ErrorResponses;
import dev.portcullis.proxy.errors.FailureClassifier;
import dev.portcullis.proxy.errors.ProxyFailure;
import dev.portcullis.proxy.exchange.CurrentExchange;
import dev.portcullis.proxy.exchange.Exchange;
import dev.portcullis.proxy.exchange.ExchangeOwner;
import dev.portcullis.proxy.pipeline.ClientTimeouts;
import dev.portcullis.proxy.pipeline.DrainEvent;
import dev.portcullis.proxy.pipeline.ProxyServices;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import dev.portcullis.proxy.pac.PacAnswer;
import dev.portcullis.proxy.pac.PacResponder;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;

/**
 * Takes decoded requests from one client connection, one exchange at a time (pipelined requests wait, decoded, in
 * the flow-control handler in front). Absolute-form requests become an {@link Exchange} with {@link ForwardRules} and
 * a {@link ForwardOrigin}; CONNECT requests are
 * handed on to the next handler, which turns the connection into a tunnel. The channel has auto-read off: this
 * handler (and its exchange) decide when the next message is read.
 */
public final class ForwardProxyHandler extends ChannelInboundHandlerAdapter implements ExchangeOwner {
    private static final Logger log = LoggerFactory.getLogger(ForwardProxyHandler.class);

    private final ProxyServices services;
    private final ClientTimeouts timeouts;
    private final ForwardRules rules;
    private ChannelHandlerContext ctx;
    private final CurrentExchange current = new CurrentExchange();
    private boolean handedOff;
    private boolean draining;

    public ForwardProxyHandler(ProxyServices services, ClientTimeouts timeouts) {
        this.services = services;
        this.timeouts = timeouts;
        this.rules = new ForwardRules(services);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.read();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (handedOff) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (msg instanceof HttpRequest request) {
            timeouts.requestReceived();
            if (current.isActive()) {
                // Cannot happen while reads are driven by the exchange; if it does, framing is lost.
                ReferenceCountUtil.release(msg);
                ctx.close();
                return;
            }
            if (request.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                rejectMalformed(request.decoderResult().cause());
                return;
            }
            if (HttpMethod.CONNECT.equals(request.method())) {
                handedOff = true;
                ctx.fireChannelRead(msg);
                return;
            }
            if (isPacRequest(request)) {
                servePac(request);
                return;
            }
            ForwardOrigin origin = new ForwardOrigin(services, ctx.channel());
            current.start(new Exchange(this, ctx, request, services, rules, origin));
            return;
        }
        if (msg instanceof HttpContent content && current.offer(content)) {
            return;
        }
        // Content of a request we already answered and are not forwarding.
        ReferenceCountUtil.release(msg);
        ctx.read();
    }

    private void rejectMalformed(Throwable cause) {
        ProxyFailure failure = FailureClassifier.requestDecodeFailure(cause);
        log.debug("rejecting malformed request from {}: {}", ctx.channel().remoteAddress(), failure.getMessage());
        String requestId = RequestIds.next();
        services.accessLogger().log(AccessRecords.rejected(ctx.channel(), requestId, failure));
        ctx.writeAndFlush(ErrorResponses.of(ctx.alloc(), failure, requestId, true))
                .addListener(ChannelFutureListener.CLOSE);
    }

    /** Origin-form GET/HEAD for the PAC file: the one request addressed to the proxy itself that it answers. */
    private boolean isPacRequest(HttpRequest request) {
        return request.uri().startsWith("/")
                && (HttpMethod.GET.equals(request.method()) || HttpMethod.HEAD.equals(request.method()))
                && services.pac().handles(request.uri());
    }

    private void servePac(HttpRequest request) {
        long start = System.nanoTime();
        String requestId = RequestIds.next();
        PacAnswer answer = services.pac().answer(request.uri(), request.headers().get(HttpHeaderNames.HOST),
                (InetSocketAddress) ctx.channel().localAddress());
        boolean bodyless = !HttpUtil.isTransferEncodingChunked(request) && HttpUtil.getContentLength(request, 0L) == 0L;
        boolean keepAlive = HttpUtil.isKeepAlive(request) && bodyless && !draining;
        FullHttpResponse response = PacResponder.toResponse(ctx.alloc(), answer,
                HttpMethod.HEAD.equals(request.method()), !keepAlive);
        response.headers().set(ErrorResponses.REQUEST_ID_HEADER, requestId);
        services.accessLogger().log(AccessRecords.local(ctx.channel(), requestId, request, answer.status(),
                response.content().readableBytes(), System.nanoTime() - start, "pac", answer.errorCode()));
        ReferenceCountUtil.release(request);
        ctx.writeAndFlush(response);
        // The request's (empty) last content is still to come; it is discarded as content of an answered request.
        nextRequest(keepAlive);
    }

    /** Called by the exchange when its response is complete (or it gave up). */
    @Override
    public void exchangeFinished(Exchange finished, boolean keepAlive) {
        if (!current.finished(finished)) {
            return;
        }
        nextRequest(keepAlive);
    }

    private void nextRequest(boolean keepAlive) {
        if (keepAlive && !draining && ctx.channel().isActive()) {
            timeouts.awaitingRequest();
            ctx.read();
        } else {
            // Close only after everything written so far has left: close() alone would discard it.
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof DrainEvent && !handedOff) {
            draining = true;
            if (!current.isActive()) {
                ctx.close();
            }
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
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (handedOff) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        log.debug("client connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
