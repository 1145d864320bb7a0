package dev.portcullis.e2e.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.portcullis.config.policy.PolicyDocumentException;
import dev.portcullis.config.policy.ReloadResult;
import dev.portcullis.e2e.support.Await;
import dev.portcullis.e2e.support.ProxyFixture;
import dev.portcullis.e2e.support.TestPki;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code policy.url}: a loopback HTTPS server (trusted through {@code upstream.ca_files}) answers 200, then 304,
 * then a new document, then a broken one; the daemon swaps on each good 200, keeps the last good policy otherwise
 * and counts the failure.
 */
class PolicyUrlPollingTest {
    @TempDir
    Path dir;
    HttpsServer server;
    /** One answer per request, in order; the last one repeats. */
    final List<Answer> script = new java.util.concurrent.CopyOnWriteArrayList<>();
    final AtomicInteger served = new AtomicInteger();
    final ConcurrentLinkedQueue<String> ifNoneMatch = new ConcurrentLinkedQueue<>();
    TestPki pki;

    record Answer(int status, String etag, String body) {
    }

    @BeforeEach
    void startServer() throws Exception {
        pki = new TestPki("policy-server");
        TestPki.Leaf leaf = pki.leaf("localhost", "127.0.0.1");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("leaf", leaf.key(), new char[0], new Certificate[]{leaf.cert(), leaf.issuer()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, new char[0]);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/org/policy.json", ex -> {
            ifNoneMatch.add(ex.getRequestHeaders().getFirst("If-None-Match") == null ? "-"
                    : ex.getRequestHeaders().getFirst("If-None-Match"));
            int i = Math.min(served.getAndIncrement(), script.size() - 1);
            Answer a = script.get(i);
            if (a.etag() != null) {
                ex.getResponseHeaders().add("ETag", a.etag());
            }
            byte[] body = a.body() == null ? new byte[0] : a.body().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(a.status(), a.status() == 304 ? -1 : body.length);
            if (a.status() != 304) {
                ex.getResponseBody().write(body);
            }
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String yaml(String pollInterval) {
        return """
                upstream:
                  ca_files: ["%s"]
                policy:
                  url: "https://127.0.0.1:%d/org/policy.json"
                  poll_interval: "%s"
                """.formatted(pki.writeCaPem(dir), server.getAddress().getPort(), pollInterval);
    }

    private static double reloads(ProxyFixture p, String result) {
        return PromText.value(p.daemon.metrics().scrape(), "portcullis_policy_reloads_total", Map.of("org", "default", "result", result));
    }

    @Test
    void swapsOn200KeepsOn304AndKeepsTheLastGoodOnABrokenDocument() throws Exception {
        script.addAll(List.of(new Answer(200, "\"e1\"", Policies.generation(1)), new Answer(304, "\"e1\"", null),
                new Answer(200, "\"e2\"", Policies.generation(2)), new Answer(200, "\"e3\"", Policies.BROKEN)));
        try (ProxyFixture proxy = ProxyFixture.startWithPolicy(yaml("1h"))) {
            proxy.policy.attach(proxy.daemon);
            String v1 = proxy.policy.current().version();
            double failuresBefore = reloads(proxy, "failure");

            ReloadResult unchanged = proxy.policy.reload().get(10, TimeUnit.SECONDS);
            assertTrue(unchanged.success(), unchanged.errors().toString());
            assertEquals(v1, proxy.policy.current().version(), "304 keeps the policy");

            ReloadResult second = proxy.policy.reload().get(10, TimeUnit.SECONDS);
            assertTrue(second.success(), second.errors().toString());
            String v2 = proxy.policy.current().version();
            assertNotEquals(v1, v2, "a new document is swapped in");
            assertEquals(Policies.generation(2), new String(proxy.policy.document().get(5, TimeUnit.SECONDS),
                    StandardCharsets.UTF_8));

            ReloadResult broken = proxy.policy.reload().get(10, TimeUnit.SECONDS);
            assertFalse(broken.success());
            assertTrue(broken.errors().toString().contains("no_such_field"), broken.errors().toString());
            assertEquals(v2, proxy.policy.current().version(), "a broken document keeps the last good policy");
            assertEquals(failuresBefore + 1, reloads(proxy, "failure"));

            assertEquals(List.of("-", "\"e1\"", "\"e1\"", "\"e2\""), List.copyOf(ifNoneMatch),
                    "conditional GETs carry the ETag of the policy in force");

            server.stop(0);   // unreachable: still the last good policy, one more failure
            ReloadResult down = proxy.policy.reload().get(30, TimeUnit.SECONDS);
            assertFalse(down.success());
            assertTrue(down.errors().get(0).contains("fetch failed"), down.errors().toString());
            assertEquals(v2, proxy.policy.current().version());
            assertEquals(failuresBefore + 2, reloads(proxy, "failure"));
        }
    }

    @Test
    void pollsOnItsOwnAtTheInterval() throws Exception {
        script.addAll(List.of(new Answer(200, "\"e1\"", Policies.generation(1)), new Answer(304, "\"e1\"", null),
                new Answer(200, "\"e2\"", Policies.generation(2))));
        try (ProxyFixture proxy = ProxyFixture.startWithPolicy(yaml("50ms"))) {
            String v2 = dev.portcullis.config.policy.PolicyDocumentLoader.version(
                    Policies.generation(2).getBytes(StandardCharsets.UTF_8));
            Await.until("the poller swapped in the second document", java.time.Duration.ofSeconds(10),
                    () -> proxy.policy.current().version().equals(v2));
            assertTrue(served.get() >= 3, "served " + served.get());
        }
    }

    @Test
    void theDaemonDoesNotStartWithoutAFirstGoodPolicy() throws Exception {
        script.add(new Answer(500, null, "oops"));
        PolicyDocumentException e = assertThrows(PolicyDocumentException.class,
                () -> ProxyFixture.startWithPolicy(yaml("1h")));
        assertTrue(e.getMessage().contains("HTTP 500"), e.getMessage());
    }

    @Test
    void aBrokenCaFileIsNamed() throws Exception {
        script.add(new Answer(200, "\"e1\"", Policies.generation(1)));
        Path junk = java.nio.file.Files.writeString(dir.resolve("junk.pem"), "not a certificate");
        String yaml = yaml("1h").replaceAll("ca_files: \\[.*]", "ca_files: [\"" + junk + "\"]");
        PolicyDocumentException e = assertThrows(PolicyDocumentException.class,
                () -> ProxyFixture.startWithPolicy(yaml));
        assertTrue(e.getMessage().contains("junk.pem") && e.getMessage().contains("not a PEM certificate"),
                e.getMessage());
    }

    @Test
    void anUntrustedServerIsRefused() throws Exception {
        script.add(new Answer(200, "\"e1\"", Policies.generation(1)));
        String noCa = yaml("1h").replaceAll("ca_files: \\[.*]", "ca_files: []");
        PolicyDocumentException e = assertThrows(PolicyDocumentException.class,
                () -> ProxyFixture.startWithPolicy(noCa));
        assertTrue(e.getMessage().contains("fetch failed"), e.getMessage());
    }
}
