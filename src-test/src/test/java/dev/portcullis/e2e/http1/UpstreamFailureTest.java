package dev.portcullis.e2e.http1;

import dev.portcullis.e2e.support.ProxyFixture;
import dev.portcullis.e2e.support.RawHttp;
import dev.portcullis.e2e.support.TestOrigin;
import dev.portcullis.proxy.observe.AccessRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Origins that are missing, slow, silent or unresolvable get 502/504 with a reason, never a hang. */
class UpstreamFailureTest {
    static TestOrigin origin;
    static ProxyFixture proxy;

    @BeforeAll
    static void start() throws Exception {
        origin = TestOrigin.plain();
        proxy = ProxyFixture.start("""
                upstream:
                  allow_destinations: ["127.0.0.1/32"]
                timeouts:
                  upstream_response: "400ms"
                  connect: "2s"
                """);
    }

    @AfterAll
    static void stop() {
        proxy.close();
        origin.close();
    }

    private RawHttp.Response get(String url) throws Exception {
        try (RawHttp c = new RawHttp(proxy.address())) {
            c.send("GET " + url + " HTTP/1.1\r\nHost: x\r\n\r\n");
            return c.readResponse();
        }
    }

    @Test
    void refusedConnectionIs502() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        RawHttp.Response r = get("http://127.0.0.1:" + closedPort + "/");
        assertEquals(502, r.status());
        assertEquals("connect_failed", r.header("x-portcullis-error"));
        assertTrue(r.text().contains("127.0.0.1:" + closedPort), r.text());
    }

    @Test
    void unresolvableNameIs502() throws Exception {
        RawHttp.Response r = get("http://no-such-host.invalid/");
        assertEquals(502, r.status());
        assertEquals("dns_failure", r.header("x-portcullis-error"));
        assertTrue(r.text().contains("no-such-host.invalid"), r.text());
    }

    @Test
    void slowOriginIs504() throws Exception {
        RawHttp.Response r = get(origin.base() + "/slow?ms=3000");
        assertEquals(504, r.status());
        assertEquals("response_timeout", r.header("x-portcullis-error"));
    }

    @Test
    void silentOriginIs504AndItsConnectionIsClosed() throws Exception {
        int closedBefore = origin.closedConnections.get();
        RawHttp.Response r = get(origin.base() + "/dead");
        assertEquals(504, r.status());
        dev.portcullis.e2e.support.Await.until("origin connection closed", java.time.Duration.ofSeconds(5),
                () -> origin.closedConnections.get() > closedBefore);
        AccessRecord rec = proxy.awaitAccess(a -> "response_timeout".equals(a.errorCode()));
        assertEquals(504, rec.status());
    }

    @Test
    void aMalformedChunkFromTheOriginClosesTheClientInsteadOfEndingTheBody() throws Exception {
        try (ServerSocket bad = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread originThread = new Thread(() -> {
                try (java.net.Socket s = bad.accept()) {
                    s.setSoTimeout(10_000);
                    java.io.InputStream in = s.getInputStream();
                    byte[] end = "\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                    for (int matched = 0, b; matched < end.length && (b = in.read()) != -1; ) {
                        matched = b == end[matched] ? matched + 1 : b == end[0] ? 1 : 0;
                    }
                    // One good chunk, then a chunk-size line that is not hex; the connection stays open.
                    s.getOutputStream().write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + "2\r\nab\r\nzz\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                    s.getOutputStream().flush();
                    in.read(); // until the proxy closes its side
                } catch (java.io.IOException e) {
                    // the proxy closing is the expected end
                }
            }, "malformed-chunk-origin");
            originThread.setDaemon(true);
            originThread.start();

            try (RawHttp c = new RawHttp(proxy.address())) {
                c.send("GET http://127.0.0.1:" + bad.getLocalPort() + "/ HTTP/1.1\r\nHost: x\r\n\r\n");
                RawHttp.Response head = c.readHeadResponse();
                assertEquals(200, head.status());
                c.socket().setSoTimeout(5_000);
                java.io.ByteArrayOutputStream rest = new java.io.ByteArrayOutputStream();
                boolean closed;
                try {
                    c.socket().getInputStream().transferTo(rest);
                    closed = true;
                } catch (java.net.SocketTimeoutException stillOpen) {
                    closed = false;
                }
                String body = rest.toString(java.nio.charset.StandardCharsets.ISO_8859_1);
                assertTrue(closed, "the client must learn of the broken body by the connection closing; got "
                        + body.replace("\r\n", "\\r\\n"));
                assertTrue(body.startsWith("2\r\nab\r\n"), body);
                assertTrue(!body.contains("0\r\n\r\n"), "a cut body must never be ended as if whole: " + body);
            }
            AccessRecord rec = proxy.awaitAccess(a -> a.url() != null
                    && a.url().contains(":" + bad.getLocalPort() + "/"));
            assertEquals("error", rec.action());
            assertEquals("upstream_protocol_error", rec.errorCode());
        }
    }

    @Test
    void anUploadSlowerThanTheResponseTimeoutStillGetsItsAnswer() throws Exception {
        java.util.concurrent.ScheduledExecutorService pacer =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try (RawHttp c = new RawHttp(proxy.address())) {
            c.send("POST " + origin.base() + "/count HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\n");
            // 4 x 250 ms: every byte well inside the 400 ms response timeout, the upload as a whole not.
            for (int i = 0; i < 4; i++) {
                pacer.schedule(() -> c.send("x"), 250, java.util.concurrent.TimeUnit.MILLISECONDS)
                        .get(5, java.util.concurrent.TimeUnit.SECONDS);
            }
            RawHttp.Response r = c.readResponse();
            assertEquals(200, r.status(), r.text());
            assertEquals("received 4\n", r.text());
        } finally {
            pacer.shutdownNow();
        }
    }
}
