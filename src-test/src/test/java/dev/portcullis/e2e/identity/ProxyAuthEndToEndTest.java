package dev.portcullis.e2e.identity;

import dev.portcullis.e2e.support.Curl;
import dev.portcullis.e2e.support.ProxyFixture;
import dev.portcullis.e2e.support.RawHttp;
import dev.portcullis.e2e.support.TestOrigin;
import dev.portcullis.proxy.observe.AccessRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Authenticator;
import java.net.InetAddress;
import java.net.PasswordAuthentication;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static dev.portcullis.e2e.identity.IdentityFixture.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A daemon requiring credentials (htpasswd users and a device token) in front of the real policy engine, whose rules
 * use identity groups, device posture and, for tunnels, the user name.
 */
class ProxyAuthEndToEndTest {
    @TempDir
    static Path dir;
    static TestOrigin origin;
    static ProxyFixture proxy;
    static final String DEVICE_TOKEN = "dev-7f3a9c-secret";

    @BeforeAll
    static void start() throws Exception {
        origin = TestOrigin.plain();
        Path users = IdentityFixture.usersFile(dir, "ann ann-pw ann@acme.example finance,staff", "bob bob-pw",
                "carol carol-pw carol@acme.example");
        Path policy = Files.writeString(dir.resolve("policy.json"), """
                {"rules": [
                  {"id": "r-carol", "name": "No tunnels for carol", "precedence": 10, "action": "block",
                   "filters": ["l4"], "traffic": "net.dst.port == %d", "identity": "identity.name == \\"carol\\""},
                  {"id": "r-finance", "name": "Finance only", "precedence": 100, "action": "block", "filters": ["http"],
                   "traffic": "http.request.uri.path matches \\"^/finance\\"",
                   "identity": "not(any(identity.groups.name[*] in {\\"finance\\"}))"},
                  {"id": "r-posture", "name": "Encrypted disks only", "precedence": 200, "action": "block",
                   "filters": ["http"], "traffic": "http.request.uri.path == \\"/posture\\"",
                   "device_posture": "not(any(device_posture.checks.passed[*] in {\\"disk_encrypted\\"}))"}
                ],
                "settings": {"default_action": "allow"}}
                """.formatted(origin.port()));
        proxy = ProxyFixture.startWithPolicy("""
                upstream:
                  allow_destinations: ["127.0.0.1/32"]
                policy:
                  file: "%s"
                  watch: false
                auth:
                  users_file: "%s"
                  realm: "Acme"
                  max_failures: 3
                  failure_window: "60s"
                  device_tokens:
                    - sha256: "%s"
                      device_id: "laptop-42"
                      email: "dee@acme.example"
                      groups: ["finance"]
                      posture_passed: ["disk_encrypted"]
                """.formatted(policy, users, IdentityFixture.sha256(DEVICE_TOKEN)));
    }

    @AfterAll
    static void stop() {
        proxy.close();
        origin.close();
    }

    private static RawHttp.Response get(String path, String proxyAuthorization) throws Exception {
        return getFrom("127.0.0.1", path, proxyAuthorization);
    }

    /** Tests that fail on purpose use their own source address, so the throttle never sees them add up. */
    private static RawHttp.Response getFrom(String source, String path, String proxyAuthorization) throws Exception {
        try (RawHttp c = new RawHttp(proxy.address(), InetAddress.getByName(source))) {
            return get(c, path, proxyAuthorization);
        }
    }

    private static RawHttp.Response get(RawHttp c, String path, String proxyAuthorization) throws Exception {
        c.send("GET " + origin.base() + path + " HTTP/1.1\r\nHost: x\r\n"
                + (proxyAuthorization == null ? "" : "Proxy-Authorization: " + proxyAuthorization + "\r\n") + "\r\n");
        return c.readResponse();
    }

    @Test
    void withoutCredentialsA407ChallengesBothSchemesAndTheConnectionStaysForTheRetry() throws Exception {
        try (RawHttp c = new RawHttp(proxy.address())) {
            RawHttp.Response challenge = get(c, "/hello", null);
            assertEquals(407, challenge.status());
            assertEquals("proxy_auth_required", challenge.header("x-portcullis-error"));
            assertEquals("Basic realm=\"Acme\", charset=\"UTF-8\", Bearer realm=\"Acme\"",
                    challenge.header("proxy-authenticate"));
            assertNull(challenge.header("connection"), "a bodiless request keeps its connection");
            RawHttp.Response ok = get(c, "/hello", basic("ann", "ann-pw"));
            assertEquals(200, ok.status());
            assertEquals("hello\n", ok.text());
        }
        AccessRecord rec = proxy.awaitAccess(a -> "proxy_auth_required".equals(a.errorCode()));
        assertEquals(407, rec.status());
    }

    @Test
    void requestsAddressedToTheProxyItselfNeedNoCredentialsAndAreNeverForwarded() throws Exception {
        int before = origin.requests.get();
        try (RawHttp c = new RawHttp(proxy.address())) {
            c.send("GET /hello HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port() + "\r\n\r\n");
            RawHttp.Response r = c.readResponse();
            assertEquals(400, r.status(), "origin-form is answered by the proxy, not challenged");
            assertEquals("invalid_target", r.header("x-portcullis-error"));
        }
        assertEquals(before, origin.requests.get());
    }

    @Test
    void wrongCredentialsAreRefusedAsInvalid() throws Exception {
        RawHttp.Response r = getFrom("127.0.0.7", "/hello", basic("ann", "not-her-password"));
        assertEquals(407, r.status());
        assertEquals("proxy_auth_invalid", r.header("x-portcullis-error"));
        assertTrue(r.header("proxy-authenticate").startsWith("Basic realm=\"Acme\""));
        assertTrue(proxy.daemon.authCounters().invalid() >= 1);
    }

    @Test
    void groupsDecidePolicyAndCredentialsAreNeverForwarded() throws Exception {
        RawHttp.Response ann = get("/finance/report", basic("ann", "ann-pw"));
        assertEquals(404, ann.status(), "finance may pass; the origin has no such page");
        RawHttp.Response bob = get("/finance/report", basic("bob", "bob-pw"));
        assertEquals(403, bob.status());
        assertEquals("r-finance", bob.header("x-portcullis-rule"));

        RawHttp.Response headers = get("/headers", basic("ann", "ann-pw"));
        assertEquals(200, headers.status());
        assertFalse(headers.text().toLowerCase().contains("proxy-authorization"), headers.text());
        assertFalse(headers.text().contains("ann-pw"), headers.text());
    }

    @Test
    void aConnectionThatChangesCredentialsIsJudgedByTheNewOnes() throws Exception {
        try (RawHttp c = new RawHttp(proxy.address())) {
            assertEquals(404, get(c, "/finance/x", basic("ann", "ann-pw")).status());
            assertEquals(404, get(c, "/finance/x", basic("ann", "ann-pw")).status());
            RawHttp.Response bob = get(c, "/finance/x", basic("bob", "bob-pw"));
            assertEquals(403, bob.status());
            assertEquals("r-finance", bob.header("x-portcullis-rule"));
            assertEquals(407, get(c, "/finance/x", null).status(), "no credentials: no identity carried over");
        }
    }

    @Test
    void pipelinedRequestsWaitInOrderWhileTheFirstIsChecked() throws Exception {
        String auth = "Proxy-Authorization: " + basic("bob", "bob-pw") + "\r\n";
        try (RawHttp c = new RawHttp(proxy.address())) {
            c.send("GET " + origin.base() + "/hello HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n"
                    + "GET " + origin.base() + "/finance/x HTTP/1.1\r\nHost: x\r\n" + auth + "\r\n"
                    + "GET " + origin.base() + "/hello HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, c.readResponse().status());
            assertEquals(403, c.readResponse().status());
            assertEquals(407, c.readResponse().status());
        }
    }

    @Test
    void aDeviceTokenCarriesPostureIntoPolicy() throws Exception {
        assertEquals(404, get("/posture", "Bearer " + DEVICE_TOKEN).status());
        RawHttp.Response ann = get("/posture", basic("ann", "ann-pw"));
        assertEquals(403, ann.status(), "no device, no passed posture checks");
        assertEquals("r-posture", ann.header("x-portcullis-rule"));
        assertEquals(404, get("/finance/q", "Bearer " + DEVICE_TOKEN).status(), "the token's groups count too");
        RawHttp.Response wrong = getFrom("127.0.0.8", "/posture", "Bearer " + DEVICE_TOKEN + "x");
        assertEquals(407, wrong.status());
        assertEquals("proxy_auth_invalid", wrong.header("x-portcullis-error"));
    }

    @Test
    void connectWithoutCredentialsGets407AndIsClosed() throws Exception {
        try (RawHttp c = new RawHttp(proxy.address())) {
            c.send("CONNECT 127.0.0.1:" + origin.port() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            RawHttp.Response r = c.readResponse();
            assertEquals(407, r.status());
            assertEquals("proxy_auth_required", r.header("x-portcullis-error"));
            assertTrue(r.header("proxy-authenticate").contains("Bearer realm=\"Acme\""));
            assertTrue(c.closedByPeer());
        }
    }

    @Test
    void connectWithCredentialsTunnelsAndIdentityReachesNetworkRules() throws Exception {
        try (RawHttp c = new RawHttp(proxy.address())) {
            c.send("CONNECT 127.0.0.1:" + origin.port() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nProxy-Authorization: "
                    + basic("ann", "ann-pw") + "\r\n\r\n");
            assertEquals(200, c.readHeadResponse().status());
            c.send("GET /headers HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            RawHttp.Response inner = c.readResponse();
            assertEquals(200, inner.status());
            assertFalse(inner.text().toLowerCase().contains("proxy-authorization"));
        }
        try (RawHttp c = new RawHttp(proxy.address())) {
            c.send("CONNECT 127.0.0.1:" + origin.port() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nProxy-Authorization: "
                    + basic("carol", "carol-pw") + "\r\n\r\n");
            RawHttp.Response r = c.readResponse();
            assertEquals(403, r.status());
            assertEquals("r-carol", r.header("x-portcullis-rule"));
        }
    }

    @Test
    void curlWithProxyUserForAbsoluteFormAndConnect() throws Exception {
        Curl.require();
        String proxyUrl = "http://127.0.0.1:" + proxy.port();
        Curl.Result none = Curl.run("-o", "/dev/null", "-w", "%{http_code}", "-x", proxyUrl, origin.base() + "/hello");
        assertEquals("407", none.stdout());

        Curl.Result get = Curl.run("-x", proxyUrl, "--proxy-user", "ann:ann-pw", origin.base() + "/hello");
        assertEquals(0, get.exitCode(), get.stderr());
        assertEquals("hello\n", get.stdout());

        Curl.Result tunnel = Curl.run("-p", "-x", proxyUrl, "--proxy-user", "ann:ann-pw", origin.base() + "/hello");
        assertEquals(0, tunnel.exitCode(), tunnel.stderr());
        assertEquals("hello\n", tunnel.stdout());

        Curl.Result refused = Curl.run("-p", "-x", proxyUrl, origin.base() + "/hello");
        assertTrue(refused.exitCode() != 0 && refused.stderr().contains("407"), refused.stderr());
    }

    @Test
    void theJdkHttpClientAnswersTheChallenge() throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .proxy(ProxySelector.of(proxy.address()))
                .authenticator(new Authenticator() {
                    @Override
                    protected PasswordAuthentication getPasswordAuthentication() {
                        return getRequestorType() == RequestorType.PROXY
                                ? new PasswordAuthentication("ann", "ann-pw".toCharArray()) : null;
                    }
                })
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(origin.base() + "/hello"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals("hello\n", r.body());
        }
    }

    @Test
    void repeatedFailuresFromOneAddressAreThrottledWithoutBeingChecked() throws Exception {
        InetAddress from = InetAddress.getByName("127.0.0.5");
        for (int i = 0; i < 3; i++) {
            try (RawHttp c = new RawHttp(proxy.address(), from)) {
                assertEquals(407, get(c, "/hello", basic("ann", "guess-" + i)).status());
            }
        }
        long checks = proxy.daemon.authCounters().bcryptChecks();
        try (RawHttp c = new RawHttp(proxy.address(), from)) {
            RawHttp.Response r = get(c, "/hello", basic("ann", "ann-pw"));
            assertEquals(429, r.status());
            assertEquals("proxy_auth_throttled", r.header("x-portcullis-error"));
            long retryAfter = Long.parseLong(r.header("retry-after"));
            assertTrue(retryAfter > 0 && retryAfter <= 60, "Retry-After " + retryAfter);
            assertTrue(c.closedByPeer());
        }
        assertEquals(checks, proxy.daemon.authCounters().bcryptChecks(), "a throttled attempt runs no bcrypt");
        try (RawHttp c = new RawHttp(proxy.address(), InetAddress.getByName("127.0.0.6"))) {
            assertEquals(200, get(c, "/hello", basic("ann", "ann-pw")).status(), "other addresses are unaffected");
        }
        assertTrue(proxy.daemon.authCounters().throttled() >= 1);
    }

    @Test
    void accessRecordsOfRefusalsHoldNoCredentials() throws Exception {
        getFrom("127.0.0.9", "/secret-path", basic("ann", "leaky-password"));
        AccessRecord rec = proxy.awaitAccess(a -> a.url() != null && a.url().endsWith("/secret-path"));
        assertEquals("proxy_auth_invalid", rec.errorCode());
        assertFalse(rec.toString().contains("leaky-password"));
        assertFalse(rec.toString().contains(basic("ann", "leaky-password").substring(6)));
    }
}
