package dev.portcullis.proxy.inspect;

import dev.portcullis.proxy.tenancy.ChannelOrg;
import dev.portcullis.proxy.http1.ViaHeader;
import dev.portcullis.proxy.decision.GateVerdict;
import dev.portcullis.proxy.auth.ChannelIdentity;
import dev.portcullis.proxy.errors.ErrorCode;
import dev.portcullis.proxy.errors.ErrorResponses;
import dev.portcullis.proxy.errors.FailureClassifier;
import dev.portcullis.proxy.errors.ProxyFailure;
import dev.portcullis.proxy.http1.HopByHopHeaders;
import dev.portcullis.proxy.http1.RequestIds;
import dev.portcullis.proxy.http1.RequestTarget;
import dev.portcullis.proxy.observe.AccessRecord;
import dev.portcullis.proxy.pipeline.ProxyServices;
import dev.portcullis.proxy.upstream.UpstreamListener;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
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
import io.netty.handler.codec.http2.HttpConversionUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * One decrypted request and its response, streamed between the client and the verified origin with the same
 * bounded-memory rules as the plain forward proxy: the client is read only while the origin can take more, the
 * origin only while the client can. Both sides are {@code HttpObject} channels: the client side is the TLS
 * connection (HTTP/1.1) or one HTTP/2 stream behind {@code Http2StreamFrameToHttpObjectCodec}; the origin side is
 * whatever the {@link OriginLink} lends (the tunnel's own HTTP/1.1 connection, or a pooled HTTP/2 stream). A request
 * the origin provably never processed (a refused stream) is sent once more when nothing of it is lost.
 */
final class InspectedExchange implements UpstreamListener {
    private final ExchangeOwner owner;
    private final ChannelHandlerContext client;
    private final HttpRequest request;
    private final ProxyServices services;
    private final InspectedOrigin origin;
    private final OriginLink link;
    private final String requestId = RequestIds.next();
    private final Instant startedAt = Instant.now();
    private final long startNanos = System.nanoTime();
    private final HttpVersion clientVersion;

    private RequestTarget target;
    private GateVerdict verdict;
    private boolean clientKeepAlive;
    private boolean bodyless;

    private Channel upstream;
    private final ArrayDeque<HttpContent> early = new ArrayDeque<>(2);
    private HttpRequest replayHead;
    private boolean replayFull;
    private boolean retried;
    /** The request object is still ours to release (an HTTP/2 full request answered locally holds a buffer). */
    private boolean requestHeld = true;
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

    InspectedExchange(ExchangeOwner owner, ChannelHandlerContext client, HttpRequest request,
                      ProxyServices services, InspectedOrigin origin, OriginLink link) {
        this.owner = owner;
        this.client = client;
        this.request = request;
        this.services = services;
        this.origin = origin;
        this.link = link;
        this.clientVersion = request.protocolVersion();
    }

    void start() {
        clientKeepAlive = HttpUtil.isKeepAlive(request);
        bodyless = !HttpUtil.isTransferEncodingChunked(request) && HttpUtil.getContentLength(request, 0L) == 0L;
        if (request instanceof LastHttpContent whole) {
            // An HTTP/2 HEADERS frame that ended the stream: head and (empty) body in one message.
            requestComplete = true;
            bodyless = true;
            bytesFromClient = whole.content().readableBytes();
        }
        try {
            validate();
        } catch (ProxyFailure failure) {
            failLocally(failure);
            return;
        } catch (InnerTarget.Misdirected misdirected) {
            clientKeepAlive = false;
            respondLocally(misdirected.response(client.alloc(), requestId), "error", InnerTarget.MISDIRECTED);
            return;
        }
        verdict = services.policyGate().checkRequest(client.channel(), target, request, "https");
        switch (verdict.kind()) {
            case BLOCK -> {
                respondLocally(services.blockResponder().blocked(client.alloc(), ChannelOrg.orgOf(client.channel()),
                        verdict, url(), request.headers(), requestId, !canKeepAliveAfterLocalAnswer()), "block",
                        ErrorCode.POLICY_BLOCK.code());
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
        rewriteForOrigin();
        if (link.http2()) {
            replayHead = new DefaultHttpRequest(HttpVersion.HTTP_1_1, request.method(), request.uri(),
                    request.headers().copy());
            replayFull = requestComplete;
        }
        requestHeld = false;
        acquire(request);
    }

    private void acquire(HttpRequest toSend) {
        link.acquire(this).addListener(f -> {
            if (done) {
                ReferenceCountUtil.release(toSend);
                if (f.isSuccess()) {
                    link.release((Channel) f.getNow(), false);
                }
                return;
            }
            if (!f.isSuccess()) {
                ReferenceCountUtil.release(toSend);
                failLocally(FailureClassifier.upstreamFailure(target.authority(), f.cause()));
                return;
            }
            attach((Channel) f.getNow(), toSend);
        });
    }

    private void validate() throws ProxyFailure, InnerTarget.Misdirected {
        if (clientVersion.majorVersion() != 1) {
            throw new ProxyFailure(ErrorCode.UNSUPPORTED_VERSION, "unsupported HTTP version " + clientVersion);
        }
        if (HttpMethod.CONNECT.equals(request.method())) {
            throw new ProxyFailure(ErrorCode.BAD_REQUEST, "CONNECT inside an inspected tunnel is not supported");
        }
        target = InnerTarget.parse(request, origin);
        if (request.headers().contains(HttpHeaderNames.CONTENT_LENGTH)
                && request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            throw new ProxyFailure(ErrorCode.AMBIGUOUS_FRAMING,
                    "Content-Length together with Transfer-Encoding is not allowed");
        }
    }

    private String url() {
        return target == null ? "https://" + origin.target() + request.uri() : InnerTarget.url(target);
    }

    private void rewriteForOrigin() {
        HttpHeaders headers = request.headers();
        // The one TE value HTTP/2 allows (RFC 9113 section 8.2.2); gRPC needs it to reach the origin.
        boolean trailers = link.http2() && headers.containsValue(HttpHeaderNames.TE, HttpHeaderValues.TRAILERS, true);
        HopByHopHeaders.strip(headers);
        if (trailers) {
            headers.set(HttpHeaderNames.TE, HttpHeaderValues.TRAILERS);
        }
        headers.set(HttpHeaderNames.HOST, target.authority());
        for (HttpConversionUtil.ExtensionHeaderNames name : HttpConversionUtil.ExtensionHeaderNames.values()) {
            headers.remove(name.text()); // Netty's HTTP/2 bookkeeping, never a header of the client's
        }
        ViaHeader.append(headers, client.channel(), clientVersion, services.settings().viaPseudonym());
        request.setUri(target.originForm());
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
    }

    private void attach(Channel ch, HttpRequest toSend) {
        upstream = ch;
        if (toSend instanceof LastHttpContent) {
            ch.writeAndFlush(toSend).addListener(this::onUpstreamWrite);
        } else {
            ch.write(toSend).addListener(this::onUpstreamWrite);
        }
        scheduleResponseTimeout();
        ch.read();
        if (HttpUtil.is100ContinueExpected(request)) {
            upstream.flush();
        }
        while (!early.isEmpty() && upstream != null) {
            onRequestContent(early.poll());
        }
        readMoreBody();
    }

    void onRequestContent(HttpContent content) {
        if (done) {
            ReferenceCountUtil.release(content);
            return;
        }
        if (upstream == null) {
            // Body that came with the head while an HTTP/2 stream to the origin opens: at most one read's worth.
            bodyReadPending = false;
            early.add(content);
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
        bytesFromClient += content.content().readableBytes();
        if (content instanceof LastHttpContent) {
            requestComplete = true;
        }
        upstream.writeAndFlush(content).addListener(this::onUpstreamWrite);
        if (upstream != null && upstream.isWritable()) {
            readMoreBody();
        }
    }

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
            return;
        }
        if (msg instanceof HttpContent content) {
            if (inInterimResponse) {
                if (content instanceof LastHttpContent) {
                    inInterimResponse = false;
                }
                client.writeAndFlush(content);
                upstream.read();
            } else {
                onResponseContent(content);
            }
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
                client.writeAndFlush(response); // HTTP/2: an interim HEADERS frame is a whole message
                upstream.read();
            } else {
                inInterimResponse = true;
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
        if (!delimited || !requestComplete) {
            upstreamKeepAlive = false;
        }
        if (!upstreamKeepAlive) {
            // The origin connection is this client connection's only way out: when it ends, the client's ends too.
            clientKeepAlive = false;
        }
        if (chunked && clientVersion.minorVersion() == 0) {
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
            client.writeAndFlush(response).addListener(this::onClientWrite);
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
        client.writeAndFlush(content).addListener(this::onClientWrite);
        if (content instanceof LastHttpContent) {
            finish();
            return;
        }
        if (client.channel().isWritable()) {
            upstream.read();
        }
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
        boolean keep = upstreamKeepAlive && requestComplete && upstream.isActive();
        Channel ch = upstream;
        upstream = null;
        link.release(ch, keep);
        logAccess("allow", null);
        owner.exchangeFinished(this, keep && clientKeepAlive);
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
        if (cause instanceof RefusedStream && mayRetry()) {
            retried = true;
            abortUpstream();
            HttpRequest again = replayFull
                    ? new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, replayHead.method(), replayHead.uri(),
                    Unpooled.EMPTY_BUFFER, replayHead.headers().copy(), EmptyHttpHeaders.INSTANCE)
                    : replayHead;
            acquire(again);
            return;
        }
        ProxyFailure failure = FailureClassifier.upstreamFailure(target.authority(), cause);
        abortUpstream();
        clientKeepAlive = false;
        if (responseStarted) {
            done = true;
            logAccess("error", failure.code().code());
            client.channel().close();
            owner.exchangeFinished(this, false);
        } else {
            failLocally(failure);
        }
    }

    /** Only a whole, bodyless request is replayed: a body already streamed upstream is gone. */
    private boolean mayRetry() {
        return replayHead != null && !retried && !responseStarted && replayFull && bytesFromClient == 0;
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

    void onClientClosed() {
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
            upstream = null;
            link.release(ch, false);
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
        for (HttpContent c = early.poll(); c != null; c = early.poll()) {
            c.release();
        }
        InetSocketAddress remote = (InetSocketAddress) client.channel().remoteAddress();
        InetSocketAddress dest = (InetSocketAddress) origin.channel().remoteAddress();
        AccessRecord record = new AccessRecord(startedAt, System.nanoTime() - startNanos, requestId, "http",
                remote == null ? null : remote.getAddress().getHostAddress(), remote == null ? 0 : remote.getPort(),
                request.method().name(), url(), target == null ? origin.target().host() : target.host(),
                target == null ? origin.target().port() : target.port(),
                dest == null ? null : dest.getAddress().getHostAddress(), status, bytesFromClient, bytesToClient,
                action, verdict == null ? null : verdict.ruleId(), verdict == null ? null : verdict.ruleName(),
                code, true);
        if (origin.untrusted() && !"block".equals(action) && !"redirect".equals(action)) {
            record = record.withTlsUntrusted(); // it reached (or tried to reach) an origin that did not verify
        }
        services.accessLogger().log(ChannelIdentity.annotate(client.channel(), record));
    }
}
