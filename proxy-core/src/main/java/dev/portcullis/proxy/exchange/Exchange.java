package dev.portcullis.proxy.exchange;

import dev.portcullis.proxy.auth.ChannelIdentity;
import dev.portcullis.proxy.decision.GateVerdict;
import dev.portcullis.proxy.decision.PolicyBlockedException;
import dev.portcullis.proxy.errors.ErrorCode;
import dev.portcullis.proxy.errors.ErrorResponses;
import dev.portcullis.proxy.errors.FailureClassifier;
import dev.portcullis.proxy.errors.ProxyFailure;
import dev.portcullis.proxy.http.Authority;
import dev.portcullis.proxy.http.HopByHopHeaders;
import dev.portcullis.proxy.http.RequestIds;
import dev.portcullis.proxy.http.RequestTarget;
import dev.portcullis.proxy.http.ViaHeader;
import dev.portcullis.proxy.observe.AccessRecord;
import dev.portcullis.proxy.pipeline.ProxyServices;
import dev.portcullis.proxy.tenancy.ChannelOrg;
import dev.portcullis.proxy.upstream.UpstreamListener;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
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
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * One request and its response, streamed between a client and an origin with bounded memory: the client is read
 * only while the origin can take more, the origin only while the client can. Both sides are {@code HttpObject}
 * channels (an HTTP/1.x connection, or an HTTP/2 stream behind a frame-to-object codec), and everything runs on the
 * client's event loop. What the request means ({@link RequestRules}) and how the origin is reached
 * ({@link OriginAccess}) are the collaborators' business; this class owns the rest: body streaming with
 * backpressure, interim responses, keep-alive, the response timeout, one retry, local answers and the access record.
 */
public final class Exchange implements UpstreamListener {
    private final ExchangeOwner owner;
    private final ChannelHandlerContext client;
    private final HttpRequest request;
    private final ProxyServices services;
    private final RequestRules rules;
    private final OriginAccess origin;
    private final String requestId = RequestIds.next();
    private final Instant startedAt = Instant.now();
    private final long startNanos = System.nanoTime();
    private final HttpVersion clientVersion;
    /** Built once: a method reference per write would allocate one listener per write. */
    private final ChannelFutureListener written = this::onWritten;

    private RequestTarget target;
    private GateVerdict verdict;
    private boolean clientKeepAlive;
    private boolean bodyless;

    private Channel upstream;
    /** Body that came while no origin channel was attached yet; created only when that happens. */
    private ArrayDeque<HttpContent> early;
    private HttpRequest kept;
    private boolean retried;
    /** The request object is still ours to release (an HTTP/2 full request answered locally holds a buffer). */
    private boolean requestHeld = true;
    private ScheduledFuture<?> responseTimer;

    private boolean requestComplete;
    private boolean bodyReadPending;
    private boolean responseStarted;
    private boolean inInterimResponse;
    /** An interim response went to a client that could take no more; its writability resumes reading the origin. */
    private boolean originReadDeferred;
    private boolean upstreamKeepAlive;
    private boolean done;
    private int status;
    private long bytesFromClient;
    private long bytesToClient;

    public Exchange(ExchangeOwner owner, ChannelHandlerContext client, HttpRequest request, ProxyServices services,
                    RequestRules rules, OriginAccess origin) {
        this.owner = owner;
        this.client = client;
        this.request = request;
        this.services = services;
        this.rules = rules;
        this.origin = origin;
        this.clientVersion = request.protocolVersion();
    }

    /** The checked target; null until {@link #start} has read it. */
    public RequestTarget target() {
        return target;
    }

    public void start() {
        clientKeepAlive = HttpUtil.isKeepAlive(request);
        bodyless = !HttpUtil.isTransferEncodingChunked(request) && HttpUtil.getContentLength(request, 0L) == 0L;
        if (request instanceof LastHttpContent whole) {
            // An HTTP/2 HEADERS frame that ended the stream: head and (empty) body in one message.
            requestComplete = true;
            bodyless = true;
            bytesFromClient = whole.content().readableBytes();
        }
        try {
            target = rules.target(request);
            rules.check(target, request);
        } catch (ProxyFailure failure) {
            failLocally(failure);
            return;
        } catch (ClosingRefusal refusal) {
            clientKeepAlive = false;
            respondLocally(refusal.response(client.alloc(), requestId), "error", refusal.code());
            return;
        }
        verdict = rules.admit(client.channel(), target, request);
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
        kept = origin.keepForRetry(request, requestComplete);
        requestHeld = false;
        origin.acquire(this, request);
    }

    /** Called by the {@link OriginAccess} with a channel bound to this exchange, ready for {@code toSend}. */
    public void attach(Channel ch, HttpRequest toSend) {
        if (done) {
            ReferenceCountUtil.release(toSend);
            origin.release(ch, false);
            return;
        }
        upstream = ch;
        boolean whole = toSend instanceof LastHttpContent;
        if (whole) {
            ch.writeAndFlush(toSend).addListener(written);
        } else {
            ch.write(toSend).addListener(written);
        }
        if (upstream != ch) {
            return; // the write failed at once and onUpstreamError already retried or answered
        }
        ch.read();
        if (requestComplete) {
            if (!whole) {
                // A retry of a head whose (empty) body already came from the client.
                ch.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(written);
            }
            if (upstream == ch) {
                scheduleResponseTimeout();
            }
            return;
        }
        if (HttpUtil.is100ContinueExpected(request)) {
            // The client waits for 100 Continue before sending its body, so the head must go out now.
            ch.flush();
        }
        while (early != null && !early.isEmpty() && upstream != null) {
            onRequestContent(early.poll());
        }
        readMoreBody();
    }

    /** Called by the {@link OriginAccess} when no channel could be had; {@code toSend} is released here. */
    public void unreachable(Throwable cause, HttpRequest toSend) {
        ReferenceCountUtil.release(toSend);
        if (done) {
            return;
        }
        if (cause instanceof PolicyBlockedException blocked) {
            respondBlocked(blocked.verdict());
        } else {
            failLocally(FailureClassifier.upstreamFailure(target.authority(), cause));
        }
    }

    public void onRequestContent(HttpContent content) {
        if (done) {
            ReferenceCountUtil.release(content);
            return;
        }
        if (upstream == null) {
            // Body that came with the head while the origin channel opens: at most one read's worth.
            bodyReadPending = false;
            if (early == null) {
                early = new ArrayDeque<>(2);
            }
            early.add(content);
            return;
        }
        if (content.decoderResult().isFailure()) {
            Throwable cause = content.decoderResult().cause();
            ReferenceCountUtil.release(content);
            clientKeepAlive = false;
            abortUpstream();
            ProxyFailure failure = FailureClassifier.requestDecodeFailure(cause);
            if (responseStarted) {
                closeMidResponse(failure);
            } else {
                failLocally(failure);
            }
            return;
        }
        bodyReadPending = false;
        bytesFromClient += content.content().readableBytes();
        boolean last = content instanceof LastHttpContent;
        if (last) {
            requestComplete = true;
        }
        Channel ch = upstream;
        ch.writeAndFlush(content).addListener(written);
        if (last && upstream == ch && !responseStarted) {
            // Counted from the request's end: an upload that takes longer than the timeout is not a silent origin.
            scheduleResponseTimeout();
        }
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

    /** A failed write to the client means it is gone; to the origin, that the origin failed. */
    private void onWritten(ChannelFuture f) {
        if (f.isSuccess()) {
            return;
        }
        if (f.channel() == client.channel()) {
            onClientClosed();
        } else if (!done && upstream != null) {
            onUpstreamError(f.cause());
        }
    }

    @Override
    public void onUpstreamWritable() {
        if (upstream != null) {
            readMoreBody();
        }
    }

    public void onClientWritable() {
        if (!done && (responseStarted || originReadDeferred) && upstream != null) {
            originReadDeferred = false;
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
            return;
        }
        if (msg instanceof HttpContent content) {
            if (content.decoderResult().isFailure()) {
                // A malformed chunk arrives as a LastHttpContent: relayed, it would end a cut body as if whole.
                Throwable cause = content.decoderResult().cause();
                ReferenceCountUtil.release(content);
                onUpstreamError(new ProxyFailure(ErrorCode.UPSTREAM_PROTOCOL_ERROR,
                        "invalid response body from " + target.authority(), cause));
                return;
            }
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
        relayInterim(content);
    }

    /** Interim responses go to HTTP/1.1 clients only (RFC 9110 section 15.2). */
    private void relayInterim(HttpObject msg) {
        if (clientVersion.minorVersion() >= 1) {
            client.writeAndFlush(msg);
        } else {
            ReferenceCountUtil.release(msg);
        }
        // An origin may send any number of 1xx: read on only as fast as the client takes them.
        if (client.channel().isWritable()) {
            upstream.read();
        } else {
            originReadDeferred = true;
        }
    }

    private void onResponseHead(HttpResponse response) {
        int code = response.status().code();
        if (code >= 100 && code < 200) {
            if (code == 101) {
                ReferenceCountUtil.release(response);
                onUpstreamError(new ProxyFailure(ErrorCode.UPSTREAM_PROTOCOL_ERROR,
                        target.authority() + " switched protocols though no upgrade was offered"));
                return;
            }
            HopByHopHeaders.strip(response.headers());
            if (response instanceof LastHttpContent) {
                relayInterim(response); // HTTP/2: an interim HEADERS frame is a whole message
            } else {
                inInterimResponse = true;
                if (clientVersion.minorVersion() >= 1) {
                    client.write(response);
                } else {
                    ReferenceCountUtil.release(response);
                }
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
        if (!delimited || !requestComplete) {
            // Framed by the origin closing, or answered before the request body ended (the rest of it cannot be
            // framed reliably): neither connection can carry another exchange.
            clientKeepAlive = false;
            upstreamKeepAlive = false;
        }
        if (!upstreamKeepAlive && origin.clientBoundToOrigin()) {
            clientKeepAlive = false;
        }
        if (chunked && clientVersion.minorVersion() == 0) {
            // An HTTP/1.0 client cannot read chunked framing: send the body raw and end it by closing.
            headers.remove(HttpHeaderNames.TRANSFER_ENCODING);
            clientKeepAlive = false;
        }
        if (!clientKeepAlive) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (clientVersion.minorVersion() == 0) {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
        if (response instanceof LastHttpContent whole) {
            // HTTP/2: HEADERS that ended the stream, or a response the codec aggregated: nothing more will come.
            bytesToClient += whole.content().readableBytes();
            client.writeAndFlush(response).addListener(written);
            finish();
            return;
        }
        client.write(response);
        if (client.channel().isWritable()) {
            upstream.read();
        }
    }

    private void onResponseContent(HttpContent content) {
        bytesToClient += content.content().readableBytes();
        if (content instanceof LastHttpContent last) {
            if (clientVersion.minorVersion() == 0 && !last.trailingHeaders().isEmpty()) {
                last.trailingHeaders().clear();
            }
            client.writeAndFlush(content).addListener(written);
            // If the client's body has not ended, keep-alive is already off on both sides (see onResponseHead).
            finish();
            return;
        }
        client.writeAndFlush(content).addListener(written);
        if (client.channel().isWritable()) {
            upstream.read();
        }
        // Otherwise onClientWritable resumes reading the origin once the client has drained.
    }

    private void finish() {
        if (done) {
            return;
        }
        done = true;
        cancelResponseTimeout();
        boolean reusable = upstreamKeepAlive && requestComplete && upstream.isActive();
        Channel ch = upstream;
        upstream = null;
        origin.release(ch, reusable);
        logAccess("allow", null);
        owner.exchangeFinished(this, clientKeepAlive && requestComplete);
    }

    @Override
    public void onUpstreamClosed() {
        if (!done) {
            onUpstreamError(new ProxyFailure(ErrorCode.UPSTREAM_CLOSED,
                    target.authority() + " closed the connection before the response ended"));
        }
    }

    @Override
    public void onUpstreamError(Throwable cause) {
        if (done) {
            return;
        }
        if (mayRetry(cause)) {
            retried = true;
            abortUpstream();
            origin.retry(this, kept);
            return;
        }
        ProxyFailure failure = FailureClassifier.upstreamFailure(target.authority(), cause);
        abortUpstream();
        clientKeepAlive = false;
        if (responseStarted) {
            closeMidResponse(failure);
        } else {
            failLocally(failure);
        }
    }

    /** Part of the response is already with the client: the only honest signal left is closing. */
    private void closeMidResponse(ProxyFailure failure) {
        done = true;
        logAccess("error", failure.code().code());
        client.channel().close();
        owner.exchangeFinished(this, false);
    }

    /**
     * Only a request nothing of which is lost is sent again, once, before any response (RFC 9110 section 9.2.2,
     * RFC 9113 section 8.7); the {@link OriginAccess} says which failures allow it.
     */
    private boolean mayRetry(Throwable cause) {
        return kept != null && !retried && !responseStarted && bodyless && bytesFromClient == 0
                && origin.mayRetry(cause);
    }

    @Override
    public void onUpstreamIdle() {
        if (done || !client.channel().isWritable()) {
            return; // a slow client, not a stuck origin
        }
        onUpstreamError(new ProxyFailure(ErrorCode.RESPONSE_TIMEOUT,
                target.authority() + " stopped sending for " + services.settings().poolIdleTimeout().toSeconds()
                        + "s"));
    }

    public void onClientClosed() {
        if (done) {
            return;
        }
        done = true;
        abortUpstream();
        logAccess("error", ErrorCode.CLIENT_CLOSED.code());
    }

    private void abortUpstream() {
        cancelResponseTimeout();
        if (upstream != null) {
            Channel ch = upstream;
            // Forget it first: closing fails its pending writes, and those failures are not news.
            upstream = null;
            origin.release(ch, false);
        }
    }

    private void scheduleResponseTimeout() {
        cancelResponseTimeout();
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

    private void respondBlocked(GateVerdict blocked) {
        verdict = blocked;
        respondLocally(services.blockResponder().blocked(client.alloc(), ChannelOrg.orgOf(client.channel()), blocked,
                rules.url(target, request), request.headers(), requestId, !canKeepAliveAfterLocalAnswer()), "block",
                ErrorCode.POLICY_BLOCK.code());
    }

    /** Answers a request that will not be forwarded. */
    private void respondLocally(FullHttpResponse response, String action, String code) {
        done = true;
        if (requestHeld) {
            requestHeld = false;
            ReferenceCountUtil.release(request);
        }
        status = response.status().code();
        bytesToClient = response.content().readableBytes();
        boolean keepAlive = canKeepAliveAfterLocalAnswer();
        logAccess(action, code);
        if (keepAlive) {
            // An HTTP/1.x decoder still holds this request's (empty) last content; the owner discards it.
            client.writeAndFlush(response);
        } else {
            client.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
        owner.exchangeFinished(this, keepAlive);
    }

    private void failLocally(ProxyFailure failure) {
        clientKeepAlive = clientKeepAlive && failure.code().status().code() < 500;
        respondLocally(ErrorResponses.of(client.alloc(), failure, requestId, !canKeepAliveAfterLocalAnswer()),
                "error", failure.code().code());
    }

    private void logAccess(String action, String code) {
        if (early != null) {
            for (HttpContent c = early.poll(); c != null; c = early.poll()) {
                c.release();
            }
        }
        InetSocketAddress remote = (InetSocketAddress) client.channel().remoteAddress();
        InetSocketAddress dest = origin.destination();
        Authority tunnel = rules.tunnel();
        String host = target != null ? target.host() : tunnel == null ? null : tunnel.host();
        int port = target != null ? target.port() : tunnel == null ? 0 : tunnel.port();
        AccessRecord record = new AccessRecord(startedAt, System.nanoTime() - startNanos, requestId, "http",
                remote == null ? null : remote.getAddress().getHostAddress(), remote == null ? 0 : remote.getPort(),
                request.method().name(), rules.url(target, request), host, port,
                dest == null ? null : dest.getAddress().getHostAddress(), status, bytesFromClient, bytesToClient,
                action, verdict == null ? null : verdict.ruleId(), verdict == null ? null : verdict.ruleName(),
                code, tunnel != null);
        services.accessLogger().log(ChannelIdentity.annotate(client.channel(), rules.annotate(record, action)));
    }
}
