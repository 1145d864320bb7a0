package dev.portcullis.e2e.inspect;

import dev.portcullis.e2e.support.ProxyFixture;
import dev.portcullis.e2e.support.TestOrigin;
import dev.portcullis.e2e.support.TestPki;
import dev.portcullis.e2e.support.TlsOrigins;
import dev.portcullis.tls.mint.LeafCacheStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Concurrent first connections to one host share one mint. */
class MintOnceTest {
    static final int CLIENTS = 16;

    @TempDir
    Path dir;

    @Test
    void sixteenParallelFirstConnectionsMintOneLeaf() throws Exception {
        OrgCa org = OrgCa.create(dir.resolve("org"));
        TestPki pki = new TestPki("Mint Once Origin CA");
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try (TestOrigin origin = TestOrigin.tls(TlsOrigins.server(pki.leaf("localhost", "127.0.0.1"), "http/1.1"));
             ProxyFixture proxy = ProxyFixture.start(org.yaml(pki.writeCaPem(dir)))) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<X509Certificate>> results = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    try (SSLSocket tls = ProxiedTls.open(proxy.port(), "localhost", origin.port(),
                            org.clientContext(), "http/1.1")) {
                        tls.getOutputStream().write(("GET /hello HTTP/1.1\r\nHost: localhost:" + origin.port() + "\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        String head = ProxiedTls.readHead(tls.getInputStream());
                        assertTrue(head.startsWith("HTTP/1.1 200"), head);
                        return (X509Certificate) tls.getSession().getPeerCertificates()[0];
                    }
                }));
            }
            go.countDown();
            Set<X509Certificate> leaves = new HashSet<>();
            for (Future<X509Certificate> f : results) {
                leaves.add(f.get(30, TimeUnit.SECONDS));
            }
            LeafCacheStats stats = proxy.daemon.leafCacheStats().orElseThrow();
            assertEquals(1, stats.mints(), "mints: " + stats);
            assertEquals(1, leaves.size(), "every client saw the same leaf");
            assertEquals(CLIENTS, origin.requests.get());
        } finally {
            pool.shutdownNow();
        }
    }
}
