package dev.portcullis.e2e.http2;

import dev.portcullis.e2e.support.TestOrigin;
import dev.portcullis.e2e.support.TestPki;
import dev.portcullis.e2e.support.TlsOrigins;
import dev.portcullis.proxy.auth.AuthCounters;
import dev.portcullis.proxy.observe.AccessRecord;
import dev.portcullis.tls.ca.CaGenerator;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proxy credentials over HTTP/2: every CONNECT and {@code http://} stream carries its own
 * {@code proxy-authorization}; a stream without valid ones gets 407 (or 429 when its address is throttled) alone,
 * and a proven identity reaches policy (group rules inside inspected streams) and the access log.
 */
class Http2ProxyAuthTest {
    @TempDir
    static Path dir;
    static X509Certificate orgCa;
    static TestOrigin tlsOrigin;
    static TestOrigin plainOrigin;
    static H2Proxy proxy;
    static Path originCa;
    static Path users;
    static Path policy;
    static CaGenerator.CaFiles ca;

    @BeforeAll
    static void start() throws Exception {
        ca = CaGenerator.generate(dir.resolve("org"), "H2 Auth Org CA", 30);
        try (InputStream in = Files.newInputStream(ca.certificate())) {
            orgCa = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        TestPki originPki = new TestPki("Origin CA");
        tlsOrigin = TestOrigin.tls(TlsOrigins.server(originPki.leaf("localhost", "127.0.0.1"), "http/1.1"));
        plainOrigin = TestOrigin.plain();
        originCa = originPki.writeCaPem(Files.createDirectories(dir.resolve("origin")));
        users = Files.writeString(dir.resolve("users.htpasswd"), "ann:" + bcrypt("ann-pw")
                + ":ann@acme.example:finance,staff\nbob:" + bcrypt("bob-pw") + ":bob@acme.example:staff\n");
        policy = Files.writeString(dir.resolve("policy.json"), """
                {"rules": [
                  {"id": "r-finance", "name": "Finance only", "precedence": 100, "action": "block", "filters": ["http"],
                   "traffic": "http.request.uri.path matches \\"^/finance\\"",
                   "identity": "not(any(identity.groups.name[*] in {\\"finance\\"}))"}
                ],
                "settings": {"tls_decrypt": {"enabled": true}, "default_action": "allow"}}
                """);
        proxy = start(dir.resolve("main"), 10);
    }

    static H2Proxy start(Path at, int maxFailures) throws Exception {
        return new H2Proxy(Files.createDirectories(at), """
                upstream:
                  allow_destinations: ["127.0.0.1/32"]
                  ca_files: ["%s"]
                inspection:
                  ca_cert: "%s"
                  ca_key: "%s"
                policy:
                  file: "%s"
                  watch: false
                auth:
                  users_file: "%s"
                  realm: "Acme"
                  max_failures: %d
                  failure_window: "60s"
                """.formatted(originCa, ca.certificate(), ca.key(), policy, users, maxFailures), true);
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        tlsOrigin.close();
        plainOrigin.close();
    }

    static String bcrypt(String password) {
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return OpenBSDBCrypt.generate("2y", password.toCharArray(), salt, 4);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static Http2Headers connect(String authority, String credentials) {
        Http2Headers h = H2Client.connect(authority);
        if (credentials != null) {
            h.set("proxy-authorization", credentials);
        }
        return h;
    }

    String tlsAuthority() {
        return "localhost:" + tlsOrigin.port();
    }

    @Test
    void eachStreamProvesItselfAndOnlyTheUnprovenOnesGet407() throws Exception {
        AuthCounters counters = proxy.fixture.daemon.authCounters();
        long missing = counters.missing();
        long invalid = counters.invalid();
        try (H2Client client = proxy.client()) {
            H2Client.Stream none = client.open(connect(tlsAuthority(), null), true);
            H2Client.Stream wrong = client.open(connect(tlsAuthority(), basic("ann", "nope")), true);
            InnerHttp good = InnerHttp.open(client, connect(tlsAuthority(), basic("ann", "ann-pw")), orgCa,
                    "localhost", tlsOrigin.port());

            Http2Headers missingAnswer = none.response.get(10, TimeUnit.SECONDS);
            assertEquals("407", missingAnswer.status().toString());
            assertEquals("proxy_auth_required", missingAnswer.get("x-portcullis-error").toString());
            assertEquals(List.of("Basic realm=\"Acme\", charset=\"UTF-8\""),
                    missingAnswer.getAll("proxy-authenticate").stream().map(CharSequence::toString).toList());
            Http2Headers wrongAnswer = wrong.response.get(10, TimeUnit.SECONDS);
            assertEquals("407", wrongAnswer.status().toString());
            assertEquals("proxy_auth_invalid", wrongAnswer.get("x-portcullis-error").toString());

            String hello = good.get(tlsAuthority(), "/hello");
            assertEquals(200, InnerHttp.status(hello), hello);
            assertFalse(client.goAway.isDone(), "refusals are per stream, the connection stays");
            AccessRecord record = proxy.fixture.awaitAccess(r -> "http".equals(r.kind()) && r.status() == 200
                    && "/hello".equals(pathOf(r.url())));
            assertEquals("ann@acme.example", record.userEmail(), "the stream's identity is in the access log");
        }
        assertEquals(missing + 1, counters.missing());
        assertEquals(invalid + 1, counters.invalid());
    }

    @Test
    void plainHttpStreamsNeedCredentialsTooAndNeverForwardThem() throws Exception {
        try (H2Client client = proxy.client()) {
            H2Client.Stream none = client.open(new DefaultHttp2Headers().method("GET").scheme("http")
                    .authority("127.0.0.1:" + plainOrigin.port()).path("/headers"), true);
            assertEquals("407", none.response.get(10, TimeUnit.SECONDS).status().toString());
            Http2Headers withCredentials = new DefaultHttp2Headers().method("GET").scheme("http")
                    .authority("127.0.0.1:" + plainOrigin.port()).path("/headers");
            withCredentials.set("proxy-authorization", basic("bob", "bob-pw"));
            H2Client.Stream ok = client.open(withCredentials, true);
            ok.channel.writeAndFlush(new io.netty.handler.codec.http2.DefaultHttp2DataFrame(true));
            assertEquals("200", ok.response.get(10, TimeUnit.SECONDS).status().toString());
            ok.ended.get(10, TimeUnit.SECONDS);
            assertTrue(ok.text().startsWith("GET /headers"), ok.text());
            assertFalse(ok.text().toLowerCase().contains("proxy-authorization"), "credentials forwarded: " + ok.text());
        }
    }

    @Test
    void groupRulesSeeTheStreamsIdentity() throws Exception {
        try (H2Client client = proxy.client()) {
            InnerHttp ann = InnerHttp.open(client, connect(tlsAuthority(), basic("ann", "ann-pw")), orgCa,
                    "localhost", tlsOrigin.port());
            InnerHttp bob = InnerHttp.open(client, connect(tlsAuthority(), basic("bob", "bob-pw")), orgCa,
                    "localhost", tlsOrigin.port());
            String annAnswer = ann.get(tlsAuthority(), "/finance/report");
            assertEquals(404, InnerHttp.status(annAnswer), "finance may pass; the origin has no such page: "
                    + annAnswer);
            String bobAnswer = bob.get(tlsAuthority(), "/finance/report");
            assertEquals(403, InnerHttp.status(bobAnswer), bobAnswer);
            assertTrue(bobAnswer.toLowerCase().contains("x-portcullis-rule: r-finance"), bobAnswer);
            AccessRecord blocked = proxy.fixture.awaitAccess(r -> r.status() == 403);
            assertEquals("bob@acme.example", blocked.userEmail());
        }
    }

    @Test
    void repeatedFailuresFromOneAddressAreThrottledWith429(@TempDir Path own) throws Exception {
        try (H2Proxy strict = start(own, 2); H2Client client = strict.client()) {
            for (int i = 0; i < 2; i++) {
                H2Client.Stream wrong = client.open(connect(tlsAuthority(), basic("ann", "wrong-" + i)), true);
                assertEquals("407", wrong.response.get(10, TimeUnit.SECONDS).status().toString(), "attempt " + i);
            }
            H2Client.Stream throttled = client.open(connect(tlsAuthority(), basic("ann", "ann-pw")), true);
            Http2Headers answer = throttled.response.get(10, TimeUnit.SECONDS);
            assertEquals("429", answer.status().toString());
            assertEquals("proxy_auth_throttled", answer.get("x-portcullis-error").toString());
            assertTrue(Long.parseLong(answer.get("retry-after").toString()) > 0);
            assertEquals(1, strict.fixture.daemon.authCounters().throttled());
        }
    }

    private static String pathOf(String url) {
        if (url == null) {
            return null;
        }
        int scheme = url.indexOf("://");
        int slash = url.indexOf('/', scheme < 0 ? 0 : scheme + 3);
        return slash < 0 ? url : url.substring(slash);
    }
}
