package dev.portcullis.proxy.auth;

import dev.portcullis.proxy.http.RequestIds;
import dev.portcullis.proxy.observe.AccessRecord;
import dev.portcullis.proxy.pipeline.ClientTimeouts;
import dev.portcullis.proxy.observe.AccessLogger;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * Sits between the message pacer and the forward proxy of an HTTP/1.1 client connection and lets a request through
 * only with valid {@code Proxy-Authorization}. The check may take a trip to the bcrypt pool; meanwhile nothing more
 * is read (auto-read is off and the pacer hands out one message per read), so pipelined requests wait in order.
 *
 * <p>The identity goes into {@link ChannelIdentity} for the policy. A connection keeps the credentials it proved:
 * the same header on the next request passes at once; a different one is checked afresh. The header itself is
 * removed before the request goes on, so it is never forwarded nor shown to policy.
 *
 * <p>A refused bodiless request keeps the connection (clients answer a 407 on the same connection); one with a
 * body, a CONNECT, or a throttled or busy answer closes it rather than reading a body nobody wants.
 */
final class ProxyAuthHandler extends ChannelInboundHandlerAdapter {
    private final ProxyAuth auth;
    private final ClientTimeouts timeouts;
    private final AccessLogger accessLogger;
    private String provenHeader;
    private boolean passing;
    private boolean discarding;
    private boolean keepAliveAfterRefusal;

    ProxyAuthHandler(ProxyAuth auth, ClientTimeouts timeouts, AccessLogger accessLogger) {
        this.auth = auth;
        this.timeouts = timeouts;
        this.accessLogger = accessLogger;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpRequest request) {
            onRequest(ctx, request);
        } else if (msg instanceof HttpContent content && !passing) {
            onRefusedContent(ctx, content);
        } else {
            if (msg instanceof LastHttpContent) {
                passing = false;
            }
            ctx.fireChannelRead(msg);
        }
    }

    private void onRequest(ChannelHandlerContext ctx, HttpRequest request) {
        if (request.decoderResult().isFailure() || !asksToBeProxied(request)) {
            // Malformed requests get their 400 from the forward proxy. Origin-form requests are addressed to the
            // proxy itself (a PAC file, or a 400): they can never be forwarded, so there is nothing to guard, and
            // browsers fetch PAC files without proxy credentials.
            pass(ctx, request);
            return;
        }
        timeouts.requestReceived();
        if (!auth.requiredFor(ctx.channel())) {
            pass(ctx, request); // attributed to an organisation without credentials: its endpoint is its proof
            return;
        }
        if (ChannelIdentity.certified(ctx.channel())) {
            // The TLS handshake verified a client certificate: that is this connection's proof.
            auth.acceptedAgain();
            pass(ctx, request);
            return;
        }
        String header = request.headers().get(HttpHeaderNames.PROXY_AUTHORIZATION);
        if (header != null && header.equals(provenHeader)) {
            auth.acceptedAgain();
            pass(ctx, request);
            return;
        }
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        Future<AuthOutcome> checking = auth.authenticate(header, remote.getAddress(), ctx.executor());
        checking.addListener(f -> decided(ctx, request, header, f));
    }

    /** Absolute-form ({@code http://host/...}) or authority-form ({@code CONNECT host:port}). */
    private static boolean asksToBeProxied(HttpRequest request) {
        return HttpMethod.CONNECT.equals(request.method()) || !request.uri().startsWith("/");
    }

    private void decided(ChannelHandlerContext ctx, HttpRequest request, String header, Future<?> f) {
        if (!ctx.channel().isActive()) {
            ReferenceCountUtil.release(request);
            return;
        }
        AuthOutcome outcome = f.isSuccess() ? (AuthOutcome) f.getNow() : AuthOutcome.BUSY;
        if (outcome instanceof AuthOutcome.Accepted accepted) {
            provenHeader = header;
            ChannelIdentity.set(ctx.channel(), accepted.identity());
            pass(ctx, request);
            return;
        }
        provenHeader = null;
        ChannelIdentity.set(ctx.channel(), null);
        refuse(ctx, request, outcome);
    }

    private void pass(ChannelHandlerContext ctx, HttpRequest request) {
        request.headers().remove(HttpHeaderNames.PROXY_AUTHORIZATION);
        passing = !(request instanceof LastHttpContent);
        boolean connect = HttpMethod.CONNECT.equals(request.method()) && request.decoderResult().isSuccess();
        ctx.fireChannelRead(request);
        if (connect && ctx.pipeline().context(this) != null) {
            // The connection becomes a tunnel: no more requests will come, and its bytes must not pass here.
            ctx.pipeline().remove(this);
        }
    }

    private void refuse(ChannelHandlerContext ctx, HttpRequest request, AuthOutcome outcome) {
        boolean connect = HttpMethod.CONNECT.equals(request.method());
        boolean bodyless = !HttpUtil.isTransferEncodingChunked(request) && HttpUtil.getContentLength(request, 0L) == 0L;
        boolean keepAlive = !connect && bodyless && HttpUtil.isKeepAlive(request)
                && (outcome instanceof AuthOutcome.Missing || outcome instanceof AuthOutcome.Invalid);
        String requestId = RequestIds.next();
        log(ctx, request, requestId, outcome);
        ReferenceCountUtil.release(request);
        discarding = !(request instanceof LastHttpContent);
        keepAliveAfterRefusal = keepAlive;
        ctx.writeAndFlush(AuthResponses.refusal(ctx.alloc(), outcome, auth.challenges(), requestId, !keepAlive))
                .addListener(keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
        if (keepAlive) {
            if (discarding) {
                ctx.read();
            } else {
                awaitNext(ctx);
            }
        }
    }

    /** The rest of a refused request: dropped, then (keep-alive) on to the next request. */
    private void onRefusedContent(ChannelHandlerContext ctx, HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        ReferenceCountUtil.release(content);
        if (!discarding || !keepAliveAfterRefusal || !ctx.channel().isActive()) {
            return;
        }
        if (last) {
            discarding = false;
            awaitNext(ctx);
        } else {
            ctx.read();
        }
    }

    private void awaitNext(ChannelHandlerContext ctx) {
        timeouts.awaitingRequest();
        ctx.read();
    }

    private void log(ChannelHandlerContext ctx, HttpRequest request, String requestId, AuthOutcome outcome) {
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        boolean connect = HttpMethod.CONNECT.equals(request.method());
        var code = AuthResponses.code(outcome);
        accessLogger.log(new AccessRecord(Instant.now(), 0, requestId, connect ? "tunnel" : "http",
                remote.getAddress().getHostAddress(), remote.getPort(), request.method().name(), request.uri(),
                null, 0, null, code.status().code(), 0, 0, "error", null, null, code.code(), false));
    }
}
