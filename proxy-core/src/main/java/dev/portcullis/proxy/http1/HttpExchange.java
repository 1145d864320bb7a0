package dev.portcullis.proxy.http1;

import dev.portcullis.proxy.tenancy.ChannelOrg;
import dev.portcullis.proxy.decision.GateVerdict;
import dev.portcullis.proxy.decision.PolicyBlockedException;
import dev.portcullis.proxy.auth.ChannelIdentity;
import dev.portcullis.proxy.errors.ErrorCode;
import dev.portcullis.proxy.observe.AccessRecord;
import dev.portcullis.proxy.errors.ErrorResponses;
import dev.portcullis.proxy.errors.FailureClassifier;
import dev.portcullis.proxy.errors.ProxyFailure;
import dev.portcullis.proxy.pipeline.ProxyServices;
import dev.portcullis.proxy.pipeline.PipelineNames;
import dev.portcullis.proxy.upstream.PoolKey;
import dev.portcullis.proxy.upstream.UpstreamHttpHandler;
import dev.portcullis.proxy.upstream.UpstreamListener;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * One absolute-form HTTP/1.x request and its response, streamed between the client connection and a pooled origin
 * connection with bounded memory: the client is read only when the origin can take more, the origin only when the
 * client can. Everything runs on the client's event loop, which the origin connection shares.
 */
final class HttpExchange implements UpstreamListener {
    private final ForwardProxyHandler owner;
    private final ChannelHandlerContext client;
    private final HttpRequest request;
    private final ProxyServices services;
    private final String requestId = RequestIds.next();
    private final Instant startedAt = Instant.now();
    private final long startNanos = System.nanoTime();
    private final HttpVersion clientVersion;

    private RequestTarget target;
    private PoolKey poolKey;
    private GateVerdict verdict;
    private boolean clientKeepAlive;
    private boolean bodyless;

    private Channel upstream;
    private InetSocketAddress destination;
    private UpstreamHttpHandler upstreamHandler;
    private boolean fromPool;
    private boolean retried;
    private ScheduledFuture<?> responseTimer;

    private boolean requestComplete;
    private boolean bodyReadPending;
    private boolean responseStarted;
    private boolean inInterimResponse;
    private boolean upstreamKeepAlive;
    private boolean done;
    private int status;
    private long bytesFromClient;
    private long bytesToClient;

    HttpExchange(ForwardProxyHandler owner, ChannelHandlerContext client, HttpRequest request,
                 ProxyServices services) {
        this.owner = owner;
        this.client = client;
        this.request = request;
        this.services = services;
        this.clientVersion = request.protocolVersion();
    }

    void start() {
        try {
            validate();
        } catch (ProxyFailure failure) {
            failLocally(failure);
            return;
        }
        clientKeepAlive = HttpUtil.isKeepAlive(request);
        bodyless = !HttpUtil.isTransferEncodingChunked(request) && HttpUtil.getContentLength(request, 0L) == 0L;
        rewriteForOrigin();
        verdict = services.policyGate().checkRequest(client.channel(), target, request, "http");
        switch (verdict.kind()) {
            case BLOCK -> {
                respondBlocked(verdict);
                return;
            }
            case REDIRECT -> {
                respondLocally(services.blockResponder().redirect(client.alloc(), verdict, requestId,
                        !canKeepAliveAfterLocalAnswer()), "redirect", null);
                return;
            }
            case ALLOW -> {
            }
        }
        poolKey = new PoolKey(target.host(), target.port());
        Channel pooled = services.pools().acquire(poolKey);
        if (pooled != null) {
            services.metrics().poolHit();
            fromPool = true;
            attach(pooled);
        } else {
            services.metrics().poolMiss();
            dial();
        }
    }

    private void validate() throws ProxyFailure {
        if (!HttpTokens.isToken(request.method().name())) {
            throw new ProxyFailure(ErrorCode.BAD_REQUEST, "invalid method token");
        }
        if (clientVersion.majorVersion() != 1) {
            throw new ProxyFailure(ErrorCode.UNSUPPORTED_VERSION, "unsupported HTTP version " + clientVersion);
        }
        target = RequestTarget.parseAbsolute(request.uri());
        if (ViaHeader.containsPseudonym(request.headers(), services.settings().viaPseudonym())) {
            throw new ProxyFailure(ErrorCode.FORWARDING_LOOP,
                    "forwarding loop: the request already passed through this proxy");
        }
        if (request.headers().contains(HttpHeaderNames.CONTENT_LENGTH)
                && request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            throw new ProxyFailure(ErrorCode.AMBIGUOUS_FRAMING,
                    "Content-Length together with Transfer-Encoding is not allowed");
        }
    }

    private void rewriteForOrigin() {
        HttpHeaders headers = request.headers();
        HopByHopHeaders.strip(headers);
        // RFC 9112 section 3.2.2: the authority of an absolute URI replaces any Host the client sent.
        headers.set(HttpHeaderNames.HOST, target.authority());
        ViaHeader.append(headers, client.channel(), clientVersion, services.settings().viaPseudonym());
        request.setUri(target.originForm());
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
    }

    private void respondBlocked(GateVerdict blocked) {
        verdict = blocked;
        respondLocally(services.blockResponder().blocked(client.alloc(), ChannelOrg.orgOf(client.channel()), blocked,
                target.url(), request.headers(), requestId, !canKeepAliveAfterLocalAnswer()), "block",
                ErrorCode.POLICY_BLOCK);
    }

    private void dial() {
        GateVerdict[] dialVerdict = new GateVerdict[1];
        Future<Channel> connecting = services.connector().connect(client.channel().eventLoop(), target.host(),
                target.port(), false, services.upstreamHttpInitializer(),
                address -> services.policyGate().vetoDial(client.channel(), target.host(), target.port(), address,
                        false, dialVerdict));
        connecting.addListener(f -> {
            if (done) {
                if (f.isSuccess()) {
                    connecting.getNow().close();
                }
                return;
            }
            if (f.isSuccess()) {
                fromPool = false;
                attach(connecting.getNow());
            } else if (f.cause() instanceof PolicyBlockedException blocked) {
                respondBlocked(blocked.verdict());
            } else {
                failLocally(FailureClassifier.upstreamFailure(target.host() + ":" + target.port(), f.cause()));
            }
        });
    }

    private void attach(Channel ch) {
        upstream = ch;
        destination = (InetSocketAddress) ch.remoteAddress();
        upstreamHandler = (UpstreamHttpHandler) ch.pipeline().get(PipelineNames.UPSTREAM_HANDLER);
        upstreamHandler.bind(this);
        ch.write(request).addListener(this::onUpstreamWrite);
        scheduleResponseTimeout();
        ch.read();
        if (requestComplete) {
            // A retry: the (empty) body already came from the client.
            ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(this::onUpstreamWrite);
            return;
        }
        if (HttpUtil.is100ContinueExpected(request)) {
            // The client waits for 100 Continue before sending its body, so the head must go out now.
            upstream.flush();
        }
        readMoreBody();
    }

    void onRequestContent(HttpContent content) {
        if (done || upstream == null) {
            ReferenceCountUtil.release(content);
            return;
        }
        if (content.decoderResult().isFailure()) {
            Throwable cause = content.decoderResult().cause();
            ReferenceCountUtil.release(content);
            clientKeepAlive = false;
            abortUpstream();
            failLocally(FailureClassifier.requestDecodeFailure(cause));
            return;
        }
        bodyReadPending = false;
        boolean last = content instanceof LastHttpContent;
        bytesFromClient += content.content().readableBytes();
        if (last) {
            requestComplete = true;
        }
        upstream.writeAndFlush(content).addListener(this::onUpstreamWrite);
        if (upstream != null && upstream.isWritable()) {
            readMoreBody();
        }
        // Otherwise onUpstreamWritable resumes reading the client once the origin has drained.
    }

    /** Asks for the next piece of the request body; one outstanding read at a time, none after the last. */
    private void readMoreBody() {
        if (!bodyReadPending && !requestComplete && !done) {
            bodyReadPending = true;
            client.read();
        }
    }

    private void onUpstreamWrite(Future<? super Void> f) {
        if (!f.isSuccess() && !done && upstream != null) {
            onUpstreamError(f.cause());
        }
    }

    @Override
    public void onUpstreamWritable() {
        if (upstream != null) {
            readMoreBody();
        }
    }

    void onClientWritable() {
        if (!done && responseStarted && upstream != null) {
            upstream.read();
        }
    }

    @Override
    public void onResponse(HttpObject msg) {
        if (done) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpResponse response) {
            if (response.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                onUpstreamError(new ProxyFailure(ErrorCode.UPSTREAM_PROTOCOL_ERROR,
                        "invalid response from " + target.authority(), response.decoderResult().cause()));
                return;
            }
            onResponseHead(response);
        }
        if (msg instanceof HttpContent content) {
            if (inInterimResponse) {
                onInterimContent(content);
            } else {
                onResponseContent(content);
            }
        }
    }

    /** The (always empty) end of a 1xx response: it closes the interim message on the client side too. */
    private void onInterimContent(HttpContent content) {
        if (content instanceof LastHttpContent) {
            inInterimResponse = false;
        }
        if (clientVersion.minorVersion() >= 1) {
            client.writeAndFlush(content);
        } else {
            ReferenceCountUtil.release(content);
        }
        upstream.read();
    }

    private void onResponseHead(HttpResponse response) {
        int code = response.status().code();
        if (code >= 100 && code < 200) {
            if (code == 101) {
                onUpstreamError(new ProxyFailure(ErrorCode.UPSTREAM_PROTOCOL_ERROR,
                        target.authority() + " switched protocols though no upgrade was offered"));
                return;
            }
            // Interim responses go to HTTP/1.1 clients only (RFC 9110 section 15.2).
            inInterimResponse = true;
            if (clientVersion.minorVersion() >= 1) {
                HopByHopHeaders.strip(response.headers());
                client.write(response);
            }
            return;
        }
        cancelResponseTimeout();
        responseStarted = true;
        status = code;
        upstreamKeepAlive = HttpUtil.isKeepAlive(response);
        HttpHeaders headers = response.headers();
        boolean chunked = HttpUtil.isTransferEncodingChunked(response);
        boolean delimited = chunked || headers.contains(HttpHeaderNames.CONTENT_LENGTH)
                || HttpMethod.HEAD.equals(request.method()) || code == 204 || code == 304;
        HopByHopHeaders.strip(headers);
        ViaHeader.append(headers, upstream, response.protocolVersion(), services.settings().viaPseudonym());
        if (!delimited) {
            // Framed by the origin closing: the client can only learn the end the same way.
            clientKeepAlive = false;
            upstreamKeepAlive = false;
        }
        if (chunked && clientVersion.minorVersion() == 0) {
            // An HTTP/1.0 client cannot read chunked framing: send the body raw and end it by closing.
            headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
            clientKeepAlive = false;
        }
        if (!requestComplete) {
            // The origin answered before the request body ended; the rest of it cannot be framed reliably.
            clientKeepAlive = false;
            upstreamKeepAlive = false;
        }
        if (!clientKeepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (clientVersion.minorVersion() == 0) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
        client.write(response);
        if (client.channel().isWritable()) {
            upstream.read();
        }
    }

    private void onResponseContent(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        bytesToClient += content.content().readableBytes();
        if (last) {
            if (clientVersion.minorVersion() == 0 && !((LastHttpContent) content).trailingHeaders().isEmpty()) {
                ((LastHttpContent) content).trailingHeaders().clear();
            }
            client.writeAndFlush(content).addListener(this::onClientWrite);
            // If the client's body has not ended, keep-alive is already off on both sides (see onResponseHead).
            finish();
            return;
        }
        client.writeAndFlush(content).addListener(this::onClientWrite);
        if (client.channel().isWritable()) {
            upstream.read();
        }
        // Otherwise onClientWritable resumes reading the origin once the client has drained.
    }

    private void onClientWrite(Future<? super Void> f) {
        if (!f.isSuccess()) {
            onClientClosed();
        }
    }

    private void finish() {
        if (done) {
            return;
        }
        done = true;
        cancelResponseTimeout();
        upstreamHandler.unbind();
        if (upstreamKeepAlive && requestComplete && upstream.isActive()) {
            services.pools().release(poolKey, upstream);
        } else {
            upstream.close();
        }
        logAccess("allow", null);
        owner.exchangeFinished(this, clientKeepAlive && requestComplete);
    }

    @Override
    public void onUpstreamClosed() {
        if (done) {
            return;
        }
        if (canRetryOnFreshConnection()) {
            retry();
            return;
        }
        onUpstreamError(new ProxyFailure(ErrorCode.UPSTREAM_CLOSED,
                target.authority() + " closed the connection before the response ended"));
    }

    @Override
    public void onUpstreamError(Throwable cause) {
        if (done) {
            return;
        }
        if (canRetryOnFreshConnection()) {
            retry();
            return;
        }
        ProxyFailure failure = FailureClassifier.upstreamFailure(target.authority(), cause);
        abortUpstream();
        if (responseStarted) {
            // Part of the response is already with the client: the only honest signal left is closing.
            done = true;
            logAccess("error", failure.code());
            client.channel().close();
            owner.exchangeFinished(this, false);
        } else {
            failLocally(failure);
        }
    }

    @Override
    public void onUpstreamIdle() {
        if (done) {
            return;
        }
        if (!client.channel().isWritable()) {
            return; // we are the ones not reading: the client is slow, the origin is fine
        }
        onUpstreamError(new ProxyFailure(ErrorCode.RESPONSE_TIMEOUT,
                target.authority() + " stopped sending for " + services.settings().poolIdleTimeout().toSeconds()
                        + "s"));
    }

    /**
     * A pooled connection the origin closed just as we reused it (the keep-alive race): a request without a body
     * that got no answer yet is safely sent again once, on a new connection (RFC 9110 section 9.2.2).
     */
    private boolean canRetryOnFreshConnection() {
        return fromPool && !retried && !responseStarted && bodyless;
    }

    private void retry() {
        retried = true;
        cancelResponseTimeout();
        abortUpstream();
        dial();
    }

    void onClientClosed() {
        if (done) {
            return;
        }
        done = true;
        abortUpstream();
        logAccess("error", ErrorCode.CLIENT_CLOSED);
    }

    private void abortUpstream() {
        cancelResponseTimeout();
        if (upstream != null) {
            Channel ch = upstream;
            // Forget it first: closing fails its pending writes, and those failures are not news.
            upstream = null;
            upstreamHandler.unbind();
            ch.close();
        }
    }

    private void scheduleResponseTimeout() {
        long millis = services.settings().upstreamResponseTimeout().toMillis();
        responseTimer = client.executor().schedule(() -> {
            responseTimer = null;
            if (!done && !responseStarted) {
                onUpstreamError(new ProxyFailure(ErrorCode.RESPONSE_TIMEOUT,
                        "no response from " + target.authority() + " within " + millis + " ms"));
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    private void cancelResponseTimeout() {
        if (responseTimer != null) {
            responseTimer.cancel(false);
            responseTimer = null;
        }
    }

    private boolean canKeepAliveAfterLocalAnswer() {
        return clientKeepAlive && bodyless;
    }

    /** Answers a request that will not be forwarded. */
    private void respondLocally(FullHttpResponse response, String action, ErrorCode code) {
        done = true;
        status = response.status().code();
        bytesToClient = response.content().readableBytes();
        boolean keepAlive = canKeepAliveAfterLocalAnswer();
        logAccess(action, code);
        if (keepAlive) {
            client.writeAndFlush(response);
            // The decoder still holds this request's (empty) last content; it is discarded by the handler.
            owner.exchangeFinished(this, true);
        } else {
            client.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            owner.exchangeFinished(this, false);
        }
    }

    private void failLocally(ProxyFailure failure) {
        clientKeepAlive = clientKeepAlive && failure.code().status().code() < 500;
        respondLocally(ErrorResponses.of(client.alloc(), failure, requestId, !canKeepAliveAfterLocalAnswer()),
                "error", failure.code());
    }

    private void logAccess(String action, ErrorCode code) {
        InetSocketAddress remote = (InetSocketAddress) client.channel().remoteAddress();
        InetSocketAddress dest = destination;
        services.accessLogger().log(ChannelIdentity.annotate(client.channel(), new AccessRecord(startedAt,
                System.nanoTime() - startNanos, requestId, "http",
                remote == null ? null : remote.getAddress().getHostAddress(), remote == null ? 0 : remote.getPort(),
                request.method().name(), target == null ? request.uri() : target.url(),
                target == null ? null : target.host(), target == null ? 0 : target.port(),
                dest == null ? null : dest.getAddress().getHostAddress(), status, bytesFromClient, bytesToClient,
                action, verdict == null ? null : verdict.ruleId(), verdict == null ? null : verdict.ruleName(),
                code == null ? null : code.code(), false)));
    }
}
