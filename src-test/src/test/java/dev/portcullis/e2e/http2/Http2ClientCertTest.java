package dev.portcullis.e2e.http2;

import dev.portcullis.e2e.support.TestOrigin;
import dev.portcullis.e2e.support.TestPki;
import dev.portcullis.e2e.support.TlsOrigins;
import dev.portcullis.proxy.observe.AccessRecord;
import dev.portcullis.tls.ca.CaGenerator;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * mTLS on the HTTPS listener with {@code tls_client_auth: require}: a verified client certificate authenticates the
 * connection (no {@code proxy-authorization} on any stream, though the daemon requires credentials), its identity
 * (e-mail SAN or CN, refined by {@code auth.client_certs}) reaches policy and the access log, and a client without a
 * valid certificate never completes the handshake.
 */
class Http2ClientCertTest {
    @TempDir
    static Path dir;
    static X509Certificate orgCa;
    static TestOrigin origin;
    static H2Proxy proxy;
    static ClientCertPki clients;

    @BeforeAll
    static void start() throws Exception {
        CaGenerator.CaFiles ca = CaGenerator.generate(dir.resolve("org"), "H2 mTLS Org CA", 30);
        try (InputStream in = Files.newInputStream(ca.certificate())) {
            orgCa = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        TestPki originPki = new TestPki("Origin CA");
        origin = TestOrigin.tls(TlsOrigins.server(originPki.leaf("localhost", "127.0.0.1"), "http/1.1"));
        Path originCa = originPki.writeCaPem(Files.createDirectories(dir.resolve("origin")));
        clients = new ClientCertPki("Acme Client CA");
        Path clientCa = clients.writeCaPem(Files.createDirectories(dir.resolve("clients")));
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        Path users = Files.writeString(dir.resolve("users.htpasswd"),
                "ann:" + OpenBSDBCrypt.generate("2y", "ann-pw".toCharArray(), salt, 4) + "\n");
        Path policy = Files.writeString(dir.resolve("policy.json"), """
                {"rules": [
                  {"id": "r-finance", "name": "Finance only", "precedence": 100, "action": "block", "filters": ["http"],
                   "traffic": "http.request.uri.path matches \\"^/finance\\"",
                   "identity": "not(any(identity.groups.name[*] in {\\"finance\\"}))"}
                ],
                "settings": {"tls_decrypt": {"enabled": true}, "default_action": "allow"}}
                """);
        String yaml = """
                  tls_client_ca: "%s"
                  tls_client_auth: "require"
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
                  client_certs:
                    - match: "build-agent-7"
                      email: "ci@acme.example"
                      groups: ["finance"]
                """.formatted(clientCa, originCa, ca.certificate(), ca.key(), policy, users);
        proxy = new H2Proxy(Files.createDirectories(dir.resolve("proxy")), yaml, true);
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        origin.close();
    }

    String authority() {
        return "localhost:" + origin.port();
    }

    @Test
    void aVerifiedCertificateIsTheIdentityOfEveryStream() throws Exception {
        try (H2Client carol = proxy.client(clients.client("Carol Example", "carol@acme.example"));
             H2Client agent = proxy.client(clients.client("build-agent-7", null))) {
            InnerHttp c = InnerHttp.open(carol, H2Client.connect(authority()), orgCa, "localhost", origin.port());
            InnerHttp a = InnerHttp.open(agent, H2Client.connect(authority()), orgCa, "localhost", origin.port());

            String hello = c.get(authority(), "/hello");
            assertEquals(200, InnerHttp.status(hello), "no proxy-authorization needed: " + hello);
            AccessRecord record = proxy.fixture.awaitAccess(r -> r.status() == 200 && "http".equals(r.kind()));
            assertEquals("carol@acme.example", record.userEmail());
            assertEquals("Carol Example", record.userName());

            String carolFinance = c.get(authority(), "/finance/q");
            assertEquals(403, InnerHttp.status(carolFinance), "carol's certificate names no group: " + carolFinance);
            String agentFinance = a.get(authority(), "/finance/q");
            assertEquals(404, InnerHttp.status(agentFinance), "client_certs gives the agent finance: " + agentFinance);
            AccessRecord agentRecord = proxy.fixture.awaitAccess(r -> r.status() == 404);
            assertEquals("ci@acme.example", agentRecord.userEmail());
        }
    }

    @Test
    void laterConnectionsWithTheSameClientContextKeepTheCertificateIdentity() throws Exception {
        // One client context for every connection, so later handshakes may resume the first one's session.
        var shared = H2Client.context(proxy.pki.caCert(), clients.client("Erin", "erin@acme.example"));
        for (int i = 0; i < 3; i++) {
            try (H2Client erin = new H2Client(proxy.tlsAddress(), shared)) {
                InnerHttp e = InnerHttp.open(erin, H2Client.connect(authority()), orgCa, "localhost", origin.port());
                assertEquals(200, InnerHttp.status(e.get(authority(), "/hello?erin=" + i)),
                        "connection " + i + " needs no proxy-authorization");
                int n = i;
                AccessRecord r = proxy.fixture.awaitAccess(a -> a.url() != null && a.url().endsWith("erin=" + n));
                assertEquals("erin@acme.example", r.userEmail(), "connection " + i);
            }
        }
    }

    @Test
    void withoutAValidCertificateTheHandshakeFailsAndOthersAreUnaffected() throws Exception {
        assertThrows(Exception.class, () -> {
            try (H2Client anonymous = proxy.client()) {
                // TLS 1.3 clients learn of the refusal at their first read: a stream must not open.
                anonymous.open(H2Client.connect(authority()), true).response.get(5, TimeUnit.SECONDS);
            }
        }, "no client certificate, no connection");
        ClientCertPki stranger = new ClientCertPki("Some Other CA");
        assertThrows(Exception.class, () -> {
            try (H2Client forged = proxy.client(stranger.client("Carol Example", "carol@acme.example"))) {
                forged.open(H2Client.connect(authority()), true).response.get(5, TimeUnit.SECONDS);
            }
        }, "a certificate from another CA is refused");

        try (H2Client fine = proxy.client(clients.client("Dan", "dan@acme.example"))) {
            InnerHttp d = InnerHttp.open(fine, H2Client.connect(authority()), orgCa, "localhost", origin.port());
            assertEquals(200, InnerHttp.status(d.get(authority(), "/hello")));
        }
    }
}
