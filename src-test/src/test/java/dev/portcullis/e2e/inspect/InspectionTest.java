package dev.portcullis.e2e.inspect;

import dev.portcullis.e2e.support.Curl;
import dev.portcullis.e2e.support.ProxyFixture;
import dev.portcullis.e2e.support.TestOrigin;
import dev.portcullis.e2e.support.TestPki;
import dev.portcullis.e2e.support.TlsOrigins;
import dev.portcullis.policy.gateway.ConnectionFacts;
import dev.portcullis.policy.gateway.RequestFacts;
import dev.portcullis.proxy.decision.GateVerdict;
import dev.portcullis.proxy.decision.PolicyDecider;
import dev.portcullis.proxy.observe.AccessRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Inspected CONNECTs end to end: real TLS on both sides of the proxy, real clients, loopback only. */
class InspectionTest {
    @TempDir
    static Path dir;

    static OrgCa org;
    static TestPki originPki;
    static TestPki.Leaf originLeaf;
    static TestOrigin origin;
    static ProxyFixture proxy;
    static final List<String> decidedPaths = new CopyOnWriteArrayList<>();

    /** Blocks one path, allows the rest, and remembers what it was asked. */
    static final PolicyDecider BLOCK_ONE_PATH = new PolicyDecider() {
        @Override
        public GateVerdict decideConnect(ConnectionFacts facts) {
            return GateVerdict.allowAndInspect("test");
        }

        @Override
        public GateVerdict decideNetwork(ConnectionFacts facts) {
            return GateVerdict.allow("test");
        }

        @Override
        public GateVerdict decideRequest(RequestFacts facts) {
            decidedPaths.add(facts.scheme() + " " + facts.host() + " " + facts.path());
            return switch (facts.path()) {
                case "/blocked" -> GateVerdict.block("r-1", "no /blocked", "this path is blocked", false);
                case "/moved" -> new GateVerdict(GateVerdict.Kind.REDIRECT, false, "r-2", "moved", "moved",
                        "https://elsewhere.example/new", false);
                default -> GateVerdict.allow("test");
            };
        }
    };

    @BeforeAll
    static void start() throws Exception {
        org = OrgCa.create(dir.resolve("org"));
        originPki = new TestPki("Origin Test CA");
        originLeaf = originPki.leaf("localhost", "127.0.0.1");
        origin = TestOrigin.tls(TlsOrigins.server(originLeaf, "http/1.1"));
        proxy = ProxyFixture.start(org.yaml(originPki.writeCaPem(dir)), BLOCK_ONE_PATH);
    }

    @AfterAll
    static void stop() {
        proxy.close();
        origin.close();
    }

    HttpClient client() throws Exception {
        return HttpClient.newBuilder().proxy(java.net.ProxySelector.of(proxy.address()))
                .sslContext(org.clientContext()).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void clientSeesALeafMintedByTheOrgCaMirroringTheOrigin() throws Exception {
        try (SSLSocket tls = ProxiedTls.open(proxy.port(), "localhost", origin.port(), org.clientContext(),
                "h2", "http/1.1")) {
            X509Certificate leaf = (X509Certificate) tls.getSession().getPeerCertificates()[0];
            assertEquals(org.certificate().getSubjectX500Principal(), leaf.getIssuerX500Principal());
            leaf.verify(org.certificate().getPublicKey());
            assertInstanceOf(ECPublicKey.class, leaf.getPublicKey());
            assertTrue(leaf.getSubjectAlternativeNames().stream().anyMatch(san -> "localhost".equals(san.get(1))),
                    "SANs: " + leaf.getSubjectAlternativeNames());
            X509Certificate upstream = originLeaf.cert();
            assertFalse(leaf.getNotBefore().before(upstream.getNotBefore()), "notBefore within the origin's");
            assertFalse(leaf.getNotAfter().after(upstream.getNotAfter()), "notAfter within the origin's");
            // h2 is not inspected yet: the origin is offered only http/1.1, and the client gets what it chose.
            assertEquals("http/1.1", tls.getApplicationProtocol());
        }
    }

    @Test
    void requestThroughInspectionReachesTheOriginAndIsLoggedAsHttps() throws Exception {
        int before = origin.requests.get();
        HttpResponse<String> r = client().send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + origin.port() + "/hello")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("hello\n", r.body());
        assertEquals(HttpClient.Version.HTTP_1_1, r.version(), "ALPN mirrored the origin's http/1.1");
        assertEquals(before + 1, origin.requests.get());
        assertTrue(origin.lastRequest().headers().get("Via", "").startsWith("1.1 "), "Via added");
        AccessRecord rec = proxy.awaitAccess(a -> a.url() != null && a.url().endsWith("/hello"));
        assertTrue(rec.tlsInspected());
        assertEquals("https://localhost:" + origin.port() + "/hello", rec.url());
        assertEquals(200, rec.status());
        assertTrue(decidedPaths.contains("https localhost /hello"), decidedPaths.toString());
    }

    @Test
    void perRequestPolicyBlocksOnePathInsideTlsWhileAnotherWorks() throws Exception {
        HttpClient client = client();
        String base = "https://localhost:" + origin.port();
        int before = origin.requests.get();
        HttpResponse<String> blocked = client.send(HttpRequest.newBuilder(URI.create(base + "/blocked")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, blocked.statusCode());
        assertEquals("policy_block", blocked.headers().firstValue("X-Portcullis-Error").orElse(null));
        assertTrue(blocked.body().contains("this path is blocked"), blocked.body());
        HttpResponse<String> fine = client.send(HttpRequest.newBuilder(URI.create(base + "/hello")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, fine.statusCode());
        assertEquals(before + 1, origin.requests.get(), "only the allowed request reached the origin");
        AccessRecord rec = proxy.awaitAccess(a -> a.url() != null && a.url().endsWith("/blocked"));
        assertEquals("block", rec.action());
        assertTrue(rec.tlsInspected());
    }

    @Test
    void bodiesStreamBothWaysAndKeepAliveReusesTheInspectedConnection() throws Exception {
        HttpClient client = client();
        String base = "https://localhost:" + origin.port();
        int connectionsBefore = origin.connections.get();
        byte[] body = new byte[300_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 7);
        }
        HttpResponse<byte[]> echo = client.send(HttpRequest.newBuilder(URI.create(base + "/echo"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, echo.statusCode());
        assertTrue(java.util.Arrays.equals(body, echo.body()), "echoed body differs");
        HttpResponse<byte[]> big = client.send(HttpRequest.newBuilder(URI.create(base + "/bytes?n=2000000")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(2_000_000, big.body().length);
        for (int i = 0; i < big.body().length; i += 4099) {
            assertEquals(TestOrigin.pattern(i), big.body()[i], "byte " + i);
        }
        HttpResponse<String> chunked = client.send(HttpRequest.newBuilder(
                URI.create(base + "/chunked?n=5&size=10")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(50, chunked.body().length());
        assertEquals(connectionsBefore + 1, origin.connections.get(), "one origin connection for the client's one");
    }

    @Test
    void redirectVerdictIsA307InsideTls() throws Exception {
        int before = origin.requests.get();
        HttpResponse<String> r = client().send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + origin.port() + "/moved")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(307, r.statusCode());
        assertEquals("https://elsewhere.example/new", r.headers().firstValue("Location").orElse(null));
        assertEquals(before, origin.requests.get());
    }

    @Test
    void alpnFollowsTheClientsOffer() throws Exception {
        try (SSLSocket only11 = ProxiedTls.open(proxy.port(), "localhost", origin.port(), org.clientContext(),
                "http/1.1")) {
            assertEquals("http/1.1", only11.getApplicationProtocol());
        }
        try (SSLSocket none = ProxiedTls.open(proxy.port(), "localhost", origin.port(), org.clientContext())) {
            assertEquals("", none.getApplicationProtocol(), "no offer, no ALPN");
        }
    }

    @Test
    void unreachableOriginGetsAnErrorPageInsideTls() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        HttpResponse<String> r = client().send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + closedPort + "/hello")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(502, r.statusCode(), r.body());
        assertEquals("connect_failed", r.headers().firstValue("X-Portcullis-Error").orElse(null));
    }

    @Test
    void requestForAnotherHostOnTheTunnelIsMisdirected() throws Exception {
        try (SSLSocket tls = ProxiedTls.open(proxy.port(), "localhost", origin.port(), org.clientContext(),
                "http/1.1")) {
            tls.getOutputStream().write(("GET /hello HTTP/1.1\r\nHost: elsewhere.example\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String head = ProxiedTls.readHead(tls.getInputStream());
            assertTrue(head.startsWith("HTTP/1.1 421"), head);
            assertTrue(head.contains("misdirected_request"), head);
        }
    }

    @Test
    void curlThroughInspection() throws Exception {
        Curl.require();
        Curl.Result r = Curl.run("--cacert", org.cert().toString(), "-p", "-x", "http://127.0.0.1:" + proxy.port(),
                "https://localhost:" + origin.port() + "/hello");
        assertEquals(0, r.exitCode(), r.stderr());
        assertEquals("hello\n", r.stdout());
    }

    @Test
    void plainHttpInsideAConnectToBeInspectedIsBlockedAndLogged() throws Exception {
        int before = origin.requests.get();
        try (var raw = ProxiedTls.connect(proxy.port(), "localhost", origin.port())) {
            raw.getOutputStream().write("GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            assertEquals(-1, raw.getInputStream().read(), "the proxy closes without answering");
        }
        AccessRecord rec = proxy.awaitAccess(a -> "not_tls".equals(a.errorCode()));
        assertEquals("block", rec.action());
        assertEquals(before, origin.requests.get());
        assertNotNull(rec.url());
    }
}
