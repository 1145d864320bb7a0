package dev.portcullis.e2e.identity;

import dev.portcullis.e2e.http2.ClientCertPki;
import dev.portcullis.e2e.support.Curl;
import dev.portcullis.e2e.support.ProxyFixture;
import dev.portcullis.e2e.support.TestOrigin;
import dev.portcullis.e2e.support.TestPki;
import dev.portcullis.proxy.observe.AccessRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * curl with a client certificate to the HTTPS proxy listener ({@code --proxy-cert/--proxy-key}: the certificate for
 * the proxy, not the origin): the certificate authenticates, its identity meets identity rules and the access log;
 * with {@code require} a client without one is refused at the handshake, with {@code optional} it falls back to
 * {@code Proxy-Authorization}.
 */
class ClientCertificateCurlTest {
    @TempDir
    static Path dir;
    static TestOrigin origin;
    static ClientCertPki clients;
    static Path listenerCa;
    static Path agentPem;
    static Path carolPem;
    static Path users;
    static Path policy;
    static Path clientCa;
    static TestPki listenerPki;
    static Path listenerCert;
    static Path listenerKey;

    @BeforeAll
    static void start() throws Exception {
        Curl.require();
        origin = TestOrigin.plain();
        clients = new ClientCertPki("Acme Client CA");
        clientCa = clients.writeCaPem(Files.createDirectories(dir.resolve("clients")));
        agentPem = ClientCertPki.writeLeaf(dir, "agent", clients.client("build-agent-7", null));
        carolPem = ClientCertPki.writeLeaf(dir, "carol", clients.client("Carol Example", "carol@acme.example"));
        listenerPki = new TestPki("Listener CA");
        TestPki.Leaf leaf = listenerPki.leaf("127.0.0.1");
        listenerCa = listenerPki.writeCaPem(Files.createDirectories(dir.resolve("listener")));
        listenerCert = ClientCertPki.writeLeaf(dir, "listener", leaf);
        listenerKey = dir.resolve("listener.key");
        users = IdentityFixture.usersFile(dir, "ann ann-pw ann@acme.example staff");
        policy = Files.writeString(dir.resolve("policy.json"), """
                {"rules": [
                  {"id": "r-finance", "name": "Finance only", "precedence": 100, "action": "block", "filters": ["http"],
                   "traffic": "http.request.uri.path matches \\"^/finance\\"",
                   "identity": "not(any(identity.groups.name[*] in {\\"finance\\"}))"}
                ],
                "settings": {"default_action": "allow"}}
                """);
    }

    @AfterAll
    static void stop() {
        origin.close();
    }

    static ProxyFixture daemon(String mode) throws Exception {
        return ProxyFixture.startWithPolicy("""
                proxy:
                  listen: ["127.0.0.1:0"]
                  tls_listen: "127.0.0.1:0"
                  tls_cert: "%s"
                  tls_key: "%s"
                  tls_client_ca: "%s"
                  tls_client_auth: "%s"
                upstream:
                  allow_destinations: ["127.0.0.1/32"]
                policy:
                  file: "%s"
                  watch: false
                auth:
                  users_file: "%s"
                  client_certs:
                    - match: "build-agent-7"
                      email: "ci@acme.example"
                      groups: ["finance"]
                """.formatted(listenerCert, listenerKey, clientCa, mode, policy, users));
    }

    static Curl.Result curl(ProxyFixture proxy, Path clientPem, String path, String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--proxy",
                "https://127.0.0.1:" + proxy.daemon.tlsProxyAddress().orElseThrow().getPort(),
                "--proxy-cacert", listenerCa.toString(), "--write-out", "\n%{http_code}"));
        if (clientPem != null) {
            args.addAll(List.of("--proxy-cert", clientPem.toString(), "--proxy-key",
                    clientPem.toString().replace(".pem", ".key")));
        }
        args.addAll(List.of(extra));
        args.add(origin.base() + path);
        return Curl.run(args.toArray(String[]::new));
    }

    static int status(Curl.Result r) {
        String out = r.stdout().strip();
        return Integer.parseInt(out.substring(out.lastIndexOf('\n') + 1).strip());
    }

    @Test
    void requireAuthenticatesByCertificateAndRefusesClientsWithout() throws Exception {
        try (ProxyFixture proxy = daemon("require")) {
            Curl.Result carol = curl(proxy, carolPem, "/hello");
            assertEquals(0, carol.exitCode(), carol.stderr());
            assertEquals(200, status(carol), carol.stdout());
            AccessRecord record = proxy.awaitAccess(r -> r.status() == 200);
            assertEquals("carol@acme.example", record.userEmail(), "identity from the e-mail SAN");

            assertEquals(403, status(curl(proxy, carolPem, "/finance/x")), "carol has no finance group");
            AccessRecord blocked = proxy.awaitAccess(r -> r.status() == 403);
            assertEquals("r-finance", blocked.ruleId());
            assertEquals(404, status(curl(proxy, agentPem, "/finance/x")), "client_certs gives the agent finance");

            Curl.Result none = curl(proxy, null, "/hello", "--proxy-user", "ann:ann-pw");
            assertNotEquals(0, none.exitCode(), "no certificate, no handshake: " + none.stdout());
            assertEquals(200, status(curl(proxy, carolPem, "/hello")), "other clients are unaffected");
        }
    }

    @Test
    void optionalLetsClientsWithoutACertificateUseCredentials() throws Exception {
        try (ProxyFixture proxy = daemon("optional")) {
            assertEquals(407, status(curl(proxy, null, "/hello")));
            Curl.Result ann = curl(proxy, null, "/hello", "--proxy-user", "ann:ann-pw");
            assertEquals(200, status(ann), ann.stderr());
            assertEquals(200, status(curl(proxy, carolPem, "/hello")), "a certificate still suffices");
            assertTrue(proxy.daemon.authCounters().missing() >= 1);
        }
    }
}
