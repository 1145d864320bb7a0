package dev.portcullis.e2e.http1;

import dev.portcullis.e2e.support.ProxyFixture;
import dev.portcullis.e2e.support.RawHttp;
import dev.portcullis.e2e.support.TestOrigin;
import dev.portcullis.proxy.observe.AccessRecord;
import io.netty.handler.codec.http.HttpRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Absolute-form HTTP/1.x forwarding: what reaches the origin, what comes back, and connection reuse. */
class ForwardingTest {
    static TestOrigin origin;
    static ProxyFixture proxy;

    @BeforeAll
    static void start() throws Exception {
        origin = TestOrigin.plain();
        proxy = ProxyFixture.startAllowingLoopback();
    }

    @AfterAll
    static void stop() {
        proxy.close();
        origin.close();
    }

    @Test
    void getIsForwardedAndStreamedBack() throws Exception {
        HttpResponse<String> r = proxy.client().send(
                java.net.http.HttpRequest.newBuilder(URI.create(origin.base() + "/hello")).build(),
                BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("hello\n", r.body());
        assertTrue(r.headers().firstValue("via").orElseThrow().endsWith("portcullis"));
        // The origin's hop-by-hop fields stop at the proxy.
        assertTrue(r.headers().firstValue("x-hop").isEmpty());
        assertTrue(r.headers().firstValue("keep-alive").isEmpty());
        AccessRecord rec = proxy.awaitAccess(a -> (origin.base() + "/hello").equals(a.url()));
        assertEquals("allow", rec.action());
        assertEquals(200, rec.status());
        assertEquals(origin.base() + "/hello", rec.url());
    }

    @Test
    void originSeesOriginFormHostFromAuthorityViaAndNoHopByHopFields() throws Exception {
        try (RawHttp c = new RawHttp(proxy.address())) {
            c.send("GET " + origin.base() + "/headers?x=1 HTTP/1.1\r\n"
                    + "Host: wrong.example\r\n"
                    + "Connection: keep-alive, X-Secret\r\n"
                    + "X-Secret: must not pass\r\n"
                    + "Keep-Alive: timeout=5\r\n"
                    + "Proxy-Connection: keep-alive\r\n"
                    + "Proxy-Authorization: Basic dXNlcjpwYXNz\r\n"
                    + "TE: trailers\r\n"
                    + "Upgrade: websocket\r\n"
                    + "X-End-To-End: kept\r\n\r\n");
            RawHttp.Response r = c.readResponse();
            assertEquals(200, r.status());
            String seen = r.text().toLowerCase();
            assertTrue(seen.startsWith("get /headers?x=1 http/1.1\n"), seen);
            assertTrue(seen.contains("host: 127.0.0.1:" + origin.port() + "\n"), seen);
            assertTrue(seen.contains("x-end-to-end: kept\n"), seen);
            assertTrue(seen.contains("via: 1.1 portcullis\n"), seen);
            for (String banned : List.of("x-secret", "keep-alive:", "proxy-connection", "proxy-authorization",
                    "te:", "upgrade")) {
                assertFalse(seen.contains("\n" + banned), banned + " leaked: " + seen);
            }
        }
    }

    @Test
    void keepAliveReusesOneOriginConnectionForManyRequests() throws Exception {
        try (TestOrigin own = TestOrigin.plain()) {
            HttpClient client = proxy.client();
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> r = client.send(java.net.http.HttpRequest.newBuilder(
                        URI.create(own.base() + "/hello")).build(), BodyHandlers.ofString());
                assertEquals(200, r.statusCode());
            }
            assertEquals(20, own.requests.get());
            assertEquals(1, own.connections.get(), "origin connections for 20 sequential requests");
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (RawHttp c = new RawHttp(proxy.address())) {
            String base = origin.base();
            c.send("GET " + base + "/headers?n=1 HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "HEAD " + base + "/hello HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "POST " + base + "/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nabcde"
                    + "GET " + base + "/chunked?n=3&size=4 HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(c.readResponse().text().startsWith("GET /headers?n=1 "));
            RawHttp.Response head = c.readHeadResponse();
            assertEquals(200, head.status());
            assertEquals("6", head.header("content-length"));
            assertEquals("abcde", c.readResponse().text());
            RawHttp.Response chunked = c.readResponse();
            assertEquals("chunked", chunked.header("transfer-encoding"));
            assertEquals("abcdabcdabcd", chunked.text());
        }
    }

    @Test
    void chunkedRequestBodyReachesTheOriginWhole() throws Exception {
        try (RawHttp c = new RawHttp(proxy.address())) {
            c.send("POST " + origin.base() + "/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n");
            RawHttp.Response r = c.readResponse();
            assertEquals(200, r.status());
            assertEquals("hello, world", r.text());
        }
    }

    @Test
    void jdkClientPostBodyRoundTrips() throws Exception {
        String body = "x".repeat(100_000);
        HttpResponse<String> r = proxy.client().send(java.net.http.HttpRequest.newBuilder(
                URI.create(origin.base() + "/echo")).POST(BodyPublishers.ofString(body)).build(),
                BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals(body, r.body());
    }

    @Test
    void closeDelimitedResponseIsRelayedAndTheClientConnectionClosed() throws Exception {
        try (RawHttp c = new RawHttp(proxy.address())) {
            c.send("GET " + origin.base() + "/close-delimited HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response r = c.readResponse();
            assertEquals(200, r.status());
            assertEquals("until-close\n", r.text());
            assertEquals("close", r.header("connection"));
        }
    }

    @Test
    void unknownMethodTokensPassThrough() throws Exception {
        try (RawHttp c = new RawHttp(proxy.address())) {
            c.send("PURGE-CACHE " + origin.base() + "/headers HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response r = c.readResponse();
            assertEquals(200, r.status());
            assertTrue(r.text().startsWith("PURGE-CACHE /headers HTTP/1.1"), r.text());
        }
    }

    @Test
    void http10ClientGetsAnHttp10CompatibleResponse() throws Exception {
        try (RawHttp c = new RawHttp(proxy.address())) {
            c.send("GET " + origin.base() + "/chunked?n=2&size=3 HTTP/1.0\r\n\r\n");
            RawHttp.Response r = c.readResponse();
            assertEquals(200, r.status());
            assertNull(r.header("transfer-encoding"), "an HTTP/1.0 client cannot parse chunked framing");
            assertEquals("abcabc", r.text());
            assertTrue(c.closedByPeer());
        }
    }

    @Test
    void http10KeepAliveIsHonoured() throws Exception {
        try (RawHttp c = new RawHttp(proxy.address())) {
            for (int i = 0; i < 3; i++) {
                c.send("GET " + origin.base() + "/hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
                RawHttp.Response r = c.readResponse();
                assertEquals(200, r.status());
                assertEquals("keep-alive", r.header("connection"));
            }
        }
    }

    @Test
    void expect100ContinueIsRelayed() throws Exception {
        try (RawHttp c = new RawHttp(proxy.address())) {
            c.send("POST " + origin.base() + "/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n"
                    + "Expect: 100-continue\r\n\r\n");
            RawHttp.Response interim = c.readResponse();
            assertEquals(100, interim.status());
            c.send("abc");
            RawHttp.Response r = c.readResponse();
            assertEquals(200, r.status());
            assertEquals("abc", r.text());
        }
    }

    static HttpRequest lastSeen() {
        return origin.lastRequest();
    }
}
