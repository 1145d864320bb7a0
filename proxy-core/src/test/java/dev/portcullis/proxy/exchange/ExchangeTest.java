package dev.portcullis.proxy.exchange;

import dev.portcullis.config.policy.BlockPageSettings;
import dev.portcullis.proxy.decision.BlockResponder;
import dev.portcullis.proxy.decision.GateVerdict;
import dev.portcullis.proxy.errors.ErrorCode;
import dev.portcullis.proxy.errors.ErrorResponses;
import dev.portcullis.proxy.errors.ProxyFailure;
import dev.portcullis.proxy.http.RequestTarget;
import dev.portcullis.proxy.observe.AccessRecord;
import dev.portcullis.proxy.pipeline.ProxyServices;
import dev.portcullis.proxy.pipeline.ProxySettings;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared exchange core on embedded channels, with scripted {@link RequestRules} and {@link OriginAccess}: what
 * reaches each side, when each side is read, what the owner and the access log are told.
 */
class ExchangeTest {
    private static final RequestTarget TARGET = new RequestTarget("origin.test", 80, "origin.test", "/a", null);
    private static final long RESPONSE_TIMEOUT_MS = 5_000;

    private final List<AccessRecord> records = new ArrayList<>();
    private final ProxyServices services = new ProxyServices(new ProxySettings("portcullis", 100, 4096, 8192, 8192,
            Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(5),
            Duration.ofMillis(RESPONSE_TIMEOUT_MS), 4, Duration.ofSeconds(30), 100, 200, Duration.ofSeconds(30)),
            null, null, null, null, new BlockResponder(() -> BlockPageSettings.DEFAULT), records::add, null);

    private final ClientSide client = new ClientSide();
    private final EmbeddedChannel upstream = new EmbeddedChannel();
    private final ScriptedRules rules = new ScriptedRules();
    private final ScriptedOrigin origin = new ScriptedOrigin();

    @AfterEach
    void releaseEverything() {
        client.channel.finishAndReleaseAll();
        upstream.finishAndReleaseAll();
    }

    @Test
    void forwardsRequestAndResponseAndReusesBothConnections() {
        Exchange ex = start(get(HttpVersion.HTTP_1_1));
        assertNull(upstream.readOutbound(), "the head waits for the body's first write: one flush for both");
        assertTrue(client.readRequested, "the client is read for the body once the origin is attached");
        ex.onRequestContent(LastHttpContent.EMPTY_LAST_CONTENT);
        HttpRequest sent = upstream.readOutbound();
        assertEquals("/a", sent.uri(), "the rules rewrote the request before it was sent");
        assertInstanceOf(LastHttpContent.class, upstream.readOutbound());

        ex.onResponse(response(HttpResponseStatus.OK, "2"));
        ex.onResponse(new DefaultLastHttpContent(Unpooled.copiedBuffer("ok", StandardCharsets.US_ASCII)));

        HttpResponse head = client.channel.readOutbound();
        assertEquals(200, head.status().code());
        assertFalse(head.headers().contains(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true));
        assertTrue(head.headers().get(HttpHeaderNames.VIA).endsWith("portcullis"));
        ReferenceCountUtil.release(client.channel.readOutbound());
        assertEquals(List.of(Boolean.TRUE), origin.released, "a fully framed response leaves the origin reusable");
        assertEquals(List.of(Boolean.TRUE), client.finished);
        AccessRecord record = records.get(0);
        assertEquals("allow", record.action());
        assertEquals(200, record.status());
        assertEquals(2, record.bytesToClient());
        assertEquals("http://origin.test/a", record.url());
    }

    @Test
    void bodyThatArrivesBeforeTheOriginIsAttachedFollowsTheHead() {
        origin.attachLater = true;
        HttpRequest post = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "http://origin.test/a");
        post.headers().set(HttpHeaderNames.CONTENT_LENGTH, 3);
        Exchange ex = start(post);
        ex.onRequestContent(new DefaultLastHttpContent(Unpooled.copiedBuffer("abc", StandardCharsets.US_ASCII)));
        assertNull(upstream.readOutbound(), "nothing can be sent before the origin channel exists");

        origin.attachNow(ex);

        assertInstanceOf(HttpRequest.class, upstream.readOutbound());
        HttpContent body = upstream.readOutbound();
        assertEquals("abc", body.content().toString(StandardCharsets.US_ASCII));
        body.release();
    }

    @Test
    void retriesOnceOnAFreshChannelThenAnswers502() {
        origin.retryAllowed = true;
        Exchange ex = start(get(HttpVersion.HTTP_1_1));
        ex.onRequestContent(LastHttpContent.EMPTY_LAST_CONTENT);
        ex.onUpstreamClosed();
        assertEquals(1, origin.retries, "a bodyless request the origin dropped unanswered is sent once more");
        assertEquals(List.of(Boolean.FALSE), origin.released, "the failed channel is not reused");

        ex.onUpstreamClosed();

        assertEquals(1, origin.retries, "never a second time");
        FullHttpResponse answer = client.channel.readOutbound();
        assertEquals(502, answer.status().code());
        assertEquals(ErrorCode.UPSTREAM_CLOSED.code(), answer.headers().get(ErrorResponses.ERROR_HEADER));
        answer.release();
        assertEquals(List.of(Boolean.FALSE), client.finished, "a 5xx answer ends the client connection");
        assertEquals("error", records.get(0).action());
    }

    @Test
    void interimResponsesReachHttp11ClientsOnly() {
        Exchange ex11 = start(expectContinue(HttpVersion.HTTP_1_1));
        ex11.onResponse(response(HttpResponseStatus.CONTINUE, null));
        ex11.onResponse(LastHttpContent.EMPTY_LAST_CONTENT);
        assertEquals(100, ((HttpResponse) client.channel.readOutbound()).status().code());
        assertInstanceOf(LastHttpContent.class, client.channel.readOutbound());

        ClientSide oldClient = new ClientSide();
        try {
            Exchange ex10 = new Exchange(oldClient, oldClient.ctx, expectContinue(HttpVersion.HTTP_1_0), services,
                    rules, new ScriptedOrigin());
            ex10.start();
            ex10.onResponse(response(HttpResponseStatus.CONTINUE, null));
            ex10.onResponse(LastHttpContent.EMPTY_LAST_CONTENT);
            assertNull(oldClient.channel.readOutbound(), "RFC 9110 section 15.2: no 1xx to an HTTP/1.0 client");
        } finally {
            oldClient.channel.finishAndReleaseAll();
        }
    }

    @Test
    void interimResponsesAreReadFromTheOriginOnlyAsFastAsTheClientTakesThem() {
        int[] originReads = {0};
        upstream.pipeline().addFirst(new io.netty.channel.ChannelOutboundHandlerAdapter() {
            @Override
            public void read(ChannelHandlerContext c) {
                originReads[0]++;
            }
        });
        Exchange ex = start(expectContinue(HttpVersion.HTTP_1_1));
        int before = originReads[0];
        client.writable = false;

        ex.onResponse(response(HttpResponseStatus.valueOf(103), null));
        ex.onResponse(LastHttpContent.EMPTY_LAST_CONTENT);

        assertEquals(before, originReads[0], "a client that takes no more must not pull more 1xx from the origin");
        client.writable = true;
        ex.onClientWritable();
        assertEquals(before + 1, originReads[0], "writability resumes reading the origin");
        assertEquals(103, ((HttpResponse) client.channel.readOutbound()).status().code());
        assertInstanceOf(LastHttpContent.class, client.channel.readOutbound());
    }

    @Test
    void aBadRequestBodyAfterTheResponseStartedClosesInsteadOfWritingASecondResponse() {
        HttpRequest post = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "http://origin.test/a");
        post.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        Exchange ex = start(post);
        ex.onRequestContent(new DefaultHttpContent(Unpooled.copiedBuffer("ab", StandardCharsets.US_ASCII)));
        ex.onResponse(response(HttpResponseStatus.OK, "5")); // an origin answering before the upload ends
        client.channel.flush(); // the head waits for the body's first write; the client has it either way
        assertEquals(200, ((HttpResponse) client.channel.readOutbound()).status().code());

        HttpContent broken = new DefaultLastHttpContent();
        broken.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("invalid chunk size")));
        ex.onRequestContent(broken);

        assertNull(client.channel.readOutbound(), "no error response after a 200 head: the client must see a close");
        assertFalse(client.channel.isOpen());
        assertEquals(List.of(Boolean.FALSE), origin.released, "the origin connection is not reused");
        AccessRecord record = records.get(0);
        assertEquals(200, record.status(), "the status the client got");
        assertEquals("error", record.action());
    }

    @Test
    void originClosingEndsTheClientOnlyWhenTheClientIsBoundToIt() {
        for (boolean bound : new boolean[]{false, true}) {
            ClientSide c = new ClientSide();
            ScriptedOrigin o = new ScriptedOrigin();
            o.bound = bound;
            try {
                Exchange ex = new Exchange(c, c.ctx, get(HttpVersion.HTTP_1_1), services, rules, o);
                ex.start();
                ex.onRequestContent(LastHttpContent.EMPTY_LAST_CONTENT);
                HttpResponse closing = response(HttpResponseStatus.OK, "0");
                closing.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ex.onResponse(closing);
                ex.onResponse(LastHttpContent.EMPTY_LAST_CONTENT);
                HttpResponse head = c.channel.readOutbound();
                assertEquals(bound, head.headers().contains(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true),
                        "bound=" + bound);
                assertEquals(List.of(!bound), c.finished, "bound=" + bound);
                assertEquals(List.of(Boolean.FALSE), o.released, "bound=" + bound);
            } finally {
                c.channel.finishAndReleaseAll();
            }
        }
    }

    @Test
    void closingRefusalClosesButAPlainClientErrorKeepsTheConnection() {
        rules.refusal = new ClosingRefusal(HttpResponseStatus.MISDIRECTED_REQUEST, "misdirected_request", "elsewhere");
        start(get(HttpVersion.HTTP_1_1));
        FullHttpResponse refused = client.channel.readOutbound();
        assertEquals(421, refused.status().code());
        assertEquals("close", refused.headers().get(HttpHeaderNames.CONNECTION));
        refused.release();
        assertEquals(List.of(Boolean.FALSE), client.finished);
        assertEquals("misdirected_request", records.get(0).errorCode());
        assertEquals("http://origin.test/a", records.get(0).url(), "an unread target is logged as the rules name it");

        ClientSide other = new ClientSide();
        rules.refusal = null;
        rules.failure = new ProxyFailure(ErrorCode.BAD_REQUEST, "no");
        try {
            new Exchange(other, other.ctx, get(HttpVersion.HTTP_1_1), services, rules, new ScriptedOrigin()).start();
            FullHttpResponse bad = other.channel.readOutbound();
            assertEquals(400, bad.status().code());
            bad.release();
            assertEquals(List.of(Boolean.TRUE), other.finished, "a bodyless request may be followed by another");
        } finally {
            other.channel.finishAndReleaseAll();
        }
    }

    @Test
    void silentOriginGets504AfterTheResponseTimeout() {
        Exchange ex = start(get(HttpVersion.HTTP_1_1));
        ex.onRequestContent(LastHttpContent.EMPTY_LAST_CONTENT);
        client.channel.advanceTimeBy(RESPONSE_TIMEOUT_MS + 1, TimeUnit.MILLISECONDS);
        client.channel.runScheduledPendingTasks();
        FullHttpResponse timedOut = client.channel.readOutbound();
        assertEquals(504, timedOut.status().code());
        assertEquals(ErrorCode.RESPONSE_TIMEOUT.code(), timedOut.headers().get(ErrorResponses.ERROR_HEADER));
        timedOut.release();
        assertEquals(List.of(Boolean.FALSE), origin.released);
    }

    @Test
    void aBrokenChunkFromTheOriginEndsBothConnectionsInsteadOfEndingTheResponse() {
        Exchange ex = start(get(HttpVersion.HTTP_1_1));
        ex.onRequestContent(LastHttpContent.EMPTY_LAST_CONTENT);
        HttpResponse chunked = response(HttpResponseStatus.OK, null);
        HttpUtil.setTransferEncodingChunked(chunked, true);
        ex.onResponse(chunked);
        ex.onResponse(new DefaultHttpContent(Unpooled.copiedBuffer("ab", StandardCharsets.US_ASCII)));
        // What HttpObjectDecoder emits for a malformed chunk size: a *last* content that carries the failure, after
        // which the decoder discards everything that connection sends.
        LastHttpContent broken = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER);
        broken.setDecoderResult(DecoderResult.failure(new NumberFormatException("invalid chunk size")));

        ex.onResponse(broken);

        assertEquals(List.of(Boolean.FALSE), origin.released, "a connection whose decoder gave up is never reused");
        assertEquals(List.of(Boolean.FALSE), client.finished, "the client must not take the cut body as whole");
        assertFalse(client.channel.isOpen(), "closing is the only honest end of a response already under way");
        assertInstanceOf(HttpResponse.class, client.channel.readOutbound());
        HttpContent relayed = client.channel.readOutbound();
        assertFalse(relayed instanceof LastHttpContent, "the part that came is relayed, but never as the end");
        relayed.release();
        assertNull(client.channel.readOutbound());
        assertEquals("error", records.get(0).action());
        assertEquals(ErrorCode.UPSTREAM_PROTOCOL_ERROR.code(), records.get(0).errorCode());
    }

    @Test
    void anOriginWriteThatFailsAtOnceLeavesNoResponseTimerBehind() {
        upstream.close(); // handed over already closed: the head's write fails inside attach
        start(get(HttpVersion.HTTP_1_1));

        FullHttpResponse answer = client.channel.readOutbound();
        assertEquals(502, answer.status().code());
        answer.release();
        assertEquals(List.of(Boolean.FALSE), client.finished);
        assertEquals(-1, client.channel.runScheduledPendingTasks(),
                "an exchange that already ended must not leave its response timer scheduled");
        assertEquals(1, records.size());
    }

    @Test
    void anUploadStillUnderWayIsNotCutByTheResponseTimeout() {
        HttpRequest post = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "http://origin.test/a");
        post.headers().set(HttpHeaderNames.CONTENT_LENGTH, 3);
        Exchange ex = start(post);
        for (String part : new String[]{"a", "b"}) {
            // Each piece well inside the timeout, the upload as a whole longer than it.
            client.channel.advanceTimeBy(RESPONSE_TIMEOUT_MS * 3 / 4, TimeUnit.MILLISECONDS);
            client.channel.runScheduledPendingTasks();
            assertNull(client.channel.readOutbound(), "no answer while the client is still sending, before " + part);
            ex.onRequestContent(new DefaultHttpContent(Unpooled.copiedBuffer(part, StandardCharsets.US_ASCII)));
        }
        client.channel.advanceTimeBy(RESPONSE_TIMEOUT_MS * 3 / 4, TimeUnit.MILLISECONDS);
        client.channel.runScheduledPendingTasks();
        assertNull(client.channel.readOutbound(), "the response timeout counts from the request's end");
        ex.onRequestContent(new DefaultLastHttpContent(Unpooled.copiedBuffer("c", StandardCharsets.US_ASCII)));

        client.channel.advanceTimeBy(RESPONSE_TIMEOUT_MS + 1, TimeUnit.MILLISECONDS);
        client.channel.runScheduledPendingTasks();

        FullHttpResponse timedOut = client.channel.readOutbound();
        assertEquals(504, timedOut.status().code(), "a silent origin still times out once the request is sent");
        timedOut.release();
    }

    private Exchange start(HttpRequest request) {
        Exchange ex = new Exchange(client, client.ctx, request, services, rules, origin);
        ex.start();
        return ex;
    }

    private static HttpRequest get(HttpVersion version) {
        return new DefaultHttpRequest(version, HttpMethod.GET, "http://origin.test/a");
    }

    private static HttpRequest expectContinue(HttpVersion version) {
        HttpRequest r = new DefaultHttpRequest(version, HttpMethod.PUT, "http://origin.test/a");
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, 1).set(HttpHeaderNames.EXPECT, HttpHeaderValues.CONTINUE);
        return r;
    }

    private static HttpResponse response(HttpResponseStatus status, String contentLength) {
        HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
        if (contentLength != null) {
            r.headers().set(HttpHeaderNames.CONTENT_LENGTH, contentLength);
        }
        return r;
    }

    /** The client connection: an embedded channel with a remote address, and the exchange's owner. */
    private static final class ClientSide extends ChannelInboundHandlerAdapter implements ExchangeOwner {
        final List<Boolean> finished = new ArrayList<>();
        boolean writable = true;
        final EmbeddedChannel channel = new EmbeddedChannel() {
            @Override
            protected SocketAddress remoteAddress0() {
                return new InetSocketAddress("127.0.0.1", 40000);
            }

            @Override
            public boolean isWritable() {
                return writable && super.isWritable();
            }
        };
        ChannelHandlerContext ctx;
        boolean readRequested;

        ClientSide() {
            channel.pipeline().addLast(new io.netty.channel.ChannelOutboundHandlerAdapter() {
                @Override
                public void read(ChannelHandlerContext c) {
                    readRequested = true;
                }
            });
            channel.pipeline().addLast(this);
        }

        @Override
        public void handlerAdded(ChannelHandlerContext c) {
            ctx = c;
        }

        @Override
        public void exchangeFinished(Exchange ex, boolean keepAlive) {
            finished.add(keepAlive);
        }
    }

    private static final class ScriptedRules implements RequestRules {
        ClosingRefusal refusal;
        ProxyFailure failure;

        @Override
        public RequestTarget target(HttpRequest request) throws ProxyFailure, ClosingRefusal {
            if (refusal != null) {
                throw refusal;
            }
            if (failure != null) {
                throw failure;
            }
            return TARGET;
        }

        @Override
        public void check(RequestTarget target, HttpRequest request) {
        }

        @Override
        public GateVerdict admit(Channel client, RequestTarget target, HttpRequest request) {
            OriginForm.rewrite(request, target, client, "portcullis", false);
            return GateVerdict.allow("test");
        }

        @Override
        public String url(RequestTarget target, HttpRequest request) {
            return target == null ? "http://origin.test/a" : target.url();
        }
    }

    /** Hands out {@link #upstream}; records releases and retries. */
    private final class ScriptedOrigin implements OriginAccess {
        final List<Boolean> released = new ArrayList<>();
        boolean retryAllowed;
        boolean bound;
        boolean attachLater;
        int retries;
        private HttpRequest pending;

        @Override
        public void acquire(Exchange exchange, HttpRequest toSend) {
            if (attachLater) {
                pending = toSend;
            } else {
                exchange.attach(upstream, toSend);
            }
        }

        void attachNow(Exchange exchange) {
            exchange.attach(upstream, pending);
        }

        @Override
        public void release(Channel ch, boolean reusable) {
            released.add(reusable);
        }

        @Override
        public HttpRequest keepForRetry(HttpRequest head, boolean whole) {
            return head;
        }

        @Override
        public boolean mayRetry(Throwable cause) {
            return retryAllowed;
        }

        @Override
        public void retry(Exchange exchange, HttpRequest kept) {
            retries++;
            ReferenceCountUtil.release(upstream.readOutbound());
            ReferenceCountUtil.release(upstream.readOutbound());
            exchange.attach(upstream, kept);
        }

        @Override
        public InetSocketAddress destination() {
            return null;
        }

        @Override
        public boolean clientBoundToOrigin() {
            return bound;
        }
    }
}
