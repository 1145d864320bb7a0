package dev.portcullis.e2e.inspect;

import dev.portcullis.e2e.support.Await;
import dev.portcullis.e2e.support.Curl;
import dev.portcullis.e2e.support.ProxyFixture;
import dev.portcullis.e2e.support.TestOrigin;
import dev.portcullis.e2e.support.TestPki;
import dev.portcullis.e2e.support.TlsOrigins;
import dev.portcullis.proxy.observe.AccessRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTP/2 inside inspected tunnels, end to end: the JDK client speaks HTTP/1.1 CONNECT to the proxy, then TLS with
 * ALPN {h2, http/1.1} to the minted leaf; the proxy mirrors that offer to real BoringSSL/JDK TLS origins.
 */
class H2InspectionTest {
    @TempDir
    static Path dir;

    static OrgCa org;
    static TestPki trusted;
    static H2TestOrigin h2;
    static H2TestOrigin flaky;
    static H2TestOrigin twoStreams;
    static TestOrigin http1;
    static H2TestOrigin wrongHostPass;
    static H2TestOrigin expiredBlock;
    static H2TestOrigin expiredError;
    static ProxyFixture proxy;

    @BeforeAll
    static void start() throws Exception {
        org = OrgCa.create(dir.resolve("org"));
        trusted = new TestPki("H2 Origin CA");
        var good = trusted.leaf("localhost", "127.0.0.1");
        var expired = trusted.leaf(Instant.now().minus(Duration.ofDays(10)), Instant.now().minus(Duration.ofDays(1)),
                "localhost", "127.0.0.1");
        h2 = new H2TestOrigin(TlsOrigins.server(good, "h2", "http/1.1"));
        flaky = new H2TestOrigin(TlsOrigins.server(good, "h2", "http/1.1"));
        twoStreams = new H2TestOrigin(TlsOrigins.server(good, "h2", "http/1.1"), 2);
        http1 = TestOrigin.tls(TlsOrigins.server(good, "http/1.1"));
        wrongHostPass = new H2TestOrigin(TlsOrigins.server(trusted.leaf("other.example"), "h2", "http/1.1"));
        expiredBlock = new H2TestOrigin(TlsOrigins.server(expired, "h2", "http/1.1"));
        expiredError = new H2TestOrigin(TlsOrigins.server(expired, "h2", "http/1.1"));
        Path policy = dir.resolve("policy.json");
        Files.writeString(policy, """
                {"rules": [
                  {"id": "no-admin", "name": "No admin pages", "precedence": 1, "action": "block",
                   "filters": ["http"], "traffic": "http.request.uri.path == \\"/admin\\"",
                   "rule_settings": {"block_page_enabled": true, "block_reason": "Admin pages are off limits"}},
                  {"id": "lab", "name": "Lab pass-through", "precedence": 10, "action": "on", "filters": ["http"],
                   "traffic": "http.conn.dst_port == %d",
                   "rule_settings": {"untrusted_cert": {"action": "pass_through"}}},
                  {"id": "strict", "name": "Strict certificates", "precedence": 11, "action": "on",
                   "filters": ["http"], "traffic": "http.conn.dst_port == %d",
                   "rule_settings": {"untrusted_cert": {"action": "block"}}}],
                 "settings": {"tls_decrypt": {"enabled": true}, "default_action": "allow"}}
                """.formatted(wrongHostPass.port(), expiredBlock.port()));
        proxy = ProxyFixture.startWithPolicy(org.yaml(trusted.writeCaPem(dir)) + """
                policy:
                  file: "%s"
                  watch: false
                """.formatted(policy));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[]{proxy, h2, flaky, twoStreams, http1, wrongHostPass, expiredBlock,
                expiredError}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static HttpClient client(HttpClient.Version version) throws Exception {
        return HttpClient.newBuilder().version(version).proxy(ProxySelector.of(proxy.address()))
                .sslContext(org.clientContext()).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HttpRequest get(int port, String path) {
        return HttpRequest.newBuilder(URI.create("https://localhost:" + port + path))
                .timeout(Duration.ofSeconds(20)).build();
    }

    @Test
    void negotiatesH2WhenTheOriginDoes() throws Exception {
        HttpResponse<String> r = client(HttpClient.Version.HTTP_2).send(get(h2.port(), "/hello/neg"),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(HttpClient.Version.HTTP_2, r.version());
        assertEquals("hello /hello/neg over h2", r.body());
        // RFC 9110 §7.6.3: the response reached the proxy over h2, so its Via entry says 2.
        assertTrue(r.headers().firstValue("via").orElse("").startsWith("2 "), r.headers().map().toString());
        H2TestOrigin.Seen seen = h2.seen("/hello/neg").get(0);
        assertEquals("h2", seen.protocol());
        assertEquals("localhost:" + h2.port(), seen.authority());
        AccessRecord rec = proxy.awaitAccess(a -> a.url() != null && a.url().endsWith("/hello/neg"));
        assertTrue(rec.tlsInspected());
        assertEquals(200, rec.status());
    }

    @Test
    void http11WhenTheOriginOffersOnlyHttp11() throws Exception {
        HttpResponse<String> r = client(HttpClient.Version.HTTP_2).send(get(http1.port(), "/hello"),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(HttpClient.Version.HTTP_1_1, r.version());
        assertEquals("HTTP/1.1", http1.lastRequest().protocolVersion().text());
    }

    @Test
    void http11WhenTheClientOffersOnlyHttp11() throws Exception {
        HttpResponse<String> r = client(HttpClient.Version.HTTP_1_1).send(get(h2.port(), "/hello/h1client"),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(HttpClient.Version.HTTP_1_1, r.version());
        assertEquals("http/1.1", h2.seen("/hello/h1client").get(0).protocol());
    }

    @Test
    void concurrentStreamsMapOneToOneOntoOnePooledOriginConnection() throws Exception {
        HttpClient c = client(HttpClient.Version.HTTP_2);
        assertEquals(200, c.send(get(h2.port(), "/hello/warm"), HttpResponse.BodyHandlers.ofString()).statusCode());
        int n = 12;
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(c.sendAsync(get(h2.port(), "/hello/concurrent-" + i), HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = all.get(i).get(20, TimeUnit.SECONDS);
            assertEquals(200, r.statusCode());
            assertEquals(HttpClient.Version.HTTP_2, r.version());
            assertEquals("hello /hello/concurrent-" + i + " over h2", r.body());
        }
        List<H2TestOrigin.Seen> seen = h2.seen("/hello/concurrent-");
        assertEquals(n, seen.size(), "one origin stream per client stream: " + seen);
        Set<Integer> connections = new HashSet<>();
        Set<Integer> streams = new HashSet<>();
        for (H2TestOrigin.Seen s : seen) {
            connections.add(s.connection());
            streams.add(s.stream());
        }
        assertEquals(1, connections.size(), "all on one upstream connection: " + seen);
        assertEquals(n, streams.size(), "distinct streams: " + seen);
        assertEquals(h2.seen("/hello/warm").get(0).connection(), seen.get(0).connection(),
                "the tunnel's own origin connection is the pooled one");
    }

    @Test
    void theOriginsConcurrentStreamLimitOpensASecondConnection() throws Exception {
        HttpClient c = client(HttpClient.Version.HTTP_2);
        assertEquals(200, c.send(get(twoStreams.port(), "/hello/warm2"), HttpResponse.BodyHandlers.ofString())
                .statusCode());
        int n = 4;
        twoStreams.holdUntil.set(n); // answered only when all four are open at once: two connections at least
        List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(c.sendAsync(get(twoStreams.port(), "/hold/" + i), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> f : all) {
            assertEquals(200, f.get(20, TimeUnit.SECONDS).statusCode());
        }
        java.util.Map<Integer, Integer> perConnection = new java.util.HashMap<>();
        for (H2TestOrigin.Seen s : twoStreams.seen("/hold/")) {
            perConnection.merge(s.connection(), 1, Integer::sum);
        }
        assertEquals(2, perConnection.size(), "4 streams at a limit of 2 per connection: " + perConnection);
        perConnection.values().forEach(count -> assertEquals(2, count, perConnection.toString()));
    }

    @Test
    void perRequestBlockOnH2LeavesTheConnectionUsable() throws Exception {
        HttpClient c = client(HttpClient.Version.HTTP_2);
        HttpResponse<String> blocked = c.send(get(h2.port(), "/admin"), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, blocked.statusCode(), blocked.body());
        assertEquals(HttpClient.Version.HTTP_2, blocked.version());
        assertTrue(blocked.body().contains("Admin pages are off limits"), blocked.body());
        HttpResponse<String> ok = c.send(get(h2.port(), "/hello/after-block"), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ok.statusCode());
        assertEquals(HttpClient.Version.HTTP_2, ok.version());
        assertTrue(h2.seen("/admin").isEmpty(), "the blocked request never reached the origin");
        AccessRecord rec = proxy.awaitAccess(a -> a.url() != null && a.url().endsWith("/admin"));
        assertEquals("block", rec.action());
        assertEquals(403, rec.status());
    }

    @Test
    void postBodiesAreByteExactBothWays() throws Exception {
        long seed = 20261127L;
        byte[] body = new byte[8 * 1024 * 1024];
        new Random(seed).nextBytes(body);
        HttpResponse<byte[]> r = client(HttpClient.Version.HTTP_2).send(HttpRequest.newBuilder(
                        URI.create("https://localhost:" + h2.port() + "/echo")).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        assertEquals(HttpClient.Version.HTTP_2, r.version());
        assertEquals(body.length, r.body().length, "seed " + seed);
        assertArrayEquals(body, r.body(), "seed " + seed);
    }

    @Test
    void aSlowReadingClientStallsTheOrigin() throws Exception {
        long total = 96L * 1024 * 1024;
        HttpResponse<InputStream> r = client(HttpClient.Version.HTTP_2).send(get(h2.port(), "/big?n=" + total),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        try (InputStream in = r.body()) {
            long stalled = Await.settled("origin bytes written", Duration.ofSeconds(20), Duration.ofMillis(500),
                    h2.bigBytesWritten::get);
            assertTrue(stalled < total / 2, "the origin should be stalled by the unread client, wrote " + stalled);
            System.out.printf("slow reader: origin stalled after %d of %d bytes%n", stalled, total);
            byte[] buf = new byte[64 * 1024];
            long read = 0;
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] != 'a' + (int) ((read + i) % 26)) {
                        throw new AssertionError("wrong byte at " + (read + i));
                    }
                }
                read += n;
            }
            assertEquals(total, read);
        }
    }

    @Test
    void aClientCancellingItsStreamResetsTheOriginStreamAndKeepsTheConnection() throws Exception {
        H2TestOrigin origin = flaky;
        HttpClient c = client(HttpClient.Version.HTTP_2);
        HttpResponse<InputStream> r = c.send(get(origin.port(), "/big?n=" + (64L * 1024 * 1024)),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        try (InputStream in = r.body()) {
            assertEquals(1024, in.readNBytes(1024).length);
        } // closing unread: the JDK resets the stream
        AccessRecord cancelled = proxy.awaitAccess(a -> a.url() != null && a.url().contains("/big?n=67108864"));
        assertEquals("client_closed", cancelled.errorCode(), cancelled.toString());
        Await.until("the origin stream was reset", Duration.ofSeconds(10), () -> origin.bigCancelled.get() == 1);
        HttpResponse<String> after = c.send(get(origin.port(), "/hello/after-cancel"),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, after.statusCode(), "the client connection outlives one cancelled stream");
        assertEquals(HttpClient.Version.HTTP_2, after.version());
    }

    @Test
    void afterAnOriginGoAwayTheNextRequestUsesANewConnection() throws Exception {
        HttpClient c = client(HttpClient.Version.HTTP_2);
        flaky.goAwayAfterFirst.set(true);
        assertEquals(200, c.send(get(flaky.port(), "/hello/ga-1"), HttpResponse.BodyHandlers.ofString()).statusCode());
        Await.until("the GOAWAY was written", Duration.ofSeconds(5), () -> !flaky.goAwayAfterFirst.get());
        HttpResponse<String> second = c.send(get(flaky.port(), "/hello/ga-2"), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, second.statusCode(), second.body());
        assertEquals(HttpClient.Version.HTTP_2, second.version());
        List<H2TestOrigin.Seen> after = flaky.seen("/hello/ga-2");
        assertNotEquals(flaky.seen("/hello/ga-1").get(0).connection(), after.get(after.size() - 1).connection());
    }

    @Test
    void aStreamAboveTheGoAwayLastStreamIdIsRetriedOnANewConnection() throws Exception {
        HttpClient c = client(HttpClient.Version.HTTP_2);
        assertEquals(200, c.send(get(flaky.port(), "/hello/before-unprocessed"), HttpResponse.BodyHandlers.ofString())
                .statusCode());
        flaky.goAwayBeforeNextUnprocessed.set(true);
        HttpResponse<String> r = c.send(get(flaky.port(), "/unprocessed/y"), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("hello /unprocessed/y over h2", r.body());
        List<H2TestOrigin.Seen> seen = flaky.seen("/unprocessed/y");
        assertEquals(2, seen.size(), "sent, not processed, sent again: " + seen);
        assertNotEquals(seen.get(0).connection(), seen.get(1).connection());
    }

    @Test
    void aRefusedStreamIsRetriedOnce() throws Exception {
        flaky.refuseNext.set(1);
        HttpResponse<String> r = client(HttpClient.Version.HTTP_2).send(get(flaky.port(), "/refused/x"),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("hello /refused/x over h2", r.body());
        assertEquals(2, flaky.seen("/refused/x").size(), "refused once, then served");
    }

    @Test
    void untrustedCertificatePassThroughForwardsWhenTheRuleSaysSo() throws Exception {
        HttpResponse<String> r = client(HttpClient.Version.HTTP_2).send(get(wrongHostPass.port(), "/hello/lab"),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("hello /hello/lab over h2", r.body());
        assertEquals(1, wrongHostPass.seen("/hello/lab").size());
        AccessRecord rec = proxy.awaitAccess(a -> a.url() != null && a.url().endsWith("/hello/lab"));
        assertTrue(rec.tlsUntrusted(), "a pass-through exchange is marked tls.untrusted in the access log");
        assertEquals(200, client(HttpClient.Version.HTTP_2).send(get(h2.port(), "/hello/verified"),
                HttpResponse.BodyHandlers.ofString()).statusCode());
        AccessRecord verified = proxy.awaitAccess(a -> a.url() != null && a.url().endsWith("/hello/verified"));
        assertFalse(verified.tlsUntrusted(), "a verified origin's exchange is not marked");
    }

    @Test
    void untrustedCertificateBlockShowsABlockPage() throws Exception {
        HttpResponse<String> r = client(HttpClient.Version.HTTP_2).send(get(expiredBlock.port(), "/hello/strict"),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, r.statusCode(), r.body());
        assertEquals("policy_block", r.headers().firstValue("X-Portcullis-Error").orElse(null));
        assertTrue(r.body().contains("has expired"), r.body());
        assertTrue(r.body().contains("Strict certificates"), r.body());
        assertTrue(expiredBlock.seen.isEmpty(), "the origin saw a request");
    }

    @Test
    void untrustedCertificateErrorIsTheDefault() throws Exception {
        HttpResponse<String> r = client(HttpClient.Version.HTTP_2).send(get(expiredError.port(), "/hello/default"),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(502, r.statusCode(), r.body());
        assertEquals("upstream_certificate", r.headers().firstValue("X-Portcullis-Error").orElse(null));
        assertTrue(r.body().contains("has expired"), r.body());
        assertTrue(expiredError.seen.isEmpty(), "the origin saw a request");
    }

    @Test
    void curlHttp2ThroughTheProxy() throws Exception {
        Curl.require();
        Curl.Result r = Curl.run("--http2", "--proxy", "http://127.0.0.1:" + proxy.port(), "--cacert",
                org.cert().toString(), "--write-out", "\n%{http_version}", "--header", "TE: trailers",
                "--cookie", "a=1; b=2", "https://localhost:" + h2.port() + "/hello/curl");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("hello /hello/curl over h2\n2", r.stdout());
        H2TestOrigin.Seen seen = h2.seen("/hello/curl").get(0);
        assertEquals("h2", seen.protocol());
        assertEquals("trailers", seen.te(), "te: trailers crosses h2 to h2 (gRPC needs it)");
        assertEquals("a=1; b=2", String.join("; ", seen.cookies()), "cookie crumbs, in order: " + seen.cookies());
    }

    @Test
    void interimResponsesCrossInspectionOverH2() throws Exception {
        Curl.require();
        Curl.Result r = Curl.run("--http2", "--include", "--proxy", "http://127.0.0.1:" + proxy.port(), "--cacert",
                org.cert().toString(), "https://localhost:" + h2.port() + "/early-hints");
        assertEquals(0, r.exitCode(), r.stderr());
        String out = r.stdout();
        int hints = out.indexOf("HTTP/2 103");
        int fin = out.indexOf("HTTP/2 200");
        assertTrue(hints >= 0 && fin > hints, "103 then 200 expected, got:\n" + out);
        assertTrue(out.substring(hints, fin).contains("link: </style.css>; rel=preload; as=style"),
                "the 103 keeps its link header:\n" + out);
        assertTrue(out.endsWith("hello /early-hints over h2"), out);
        assertEquals("h2", h2.seen("/early-hints").get(0).protocol());
        AccessRecord rec = proxy.awaitAccess(a -> a.url() != null && a.url().endsWith("/early-hints"));
        assertEquals(200, rec.status(), "the access record carries the final status, not the interim one");
    }
}
