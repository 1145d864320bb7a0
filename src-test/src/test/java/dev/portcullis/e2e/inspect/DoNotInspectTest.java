package dev.portcullis.e2e.inspect;

import dev.portcullis.e2e.support.ProxyFixture;
import dev.portcullis.e2e.support.TestOrigin;
import dev.portcullis.e2e.support.TestPki;
import dev.portcullis.e2e.support.TlsOrigins;
import dev.portcullis.proxy.observe.AccessRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hosts on the do-not-inspect list are plain tunnels: the client talks TLS with the origin itself. */
class DoNotInspectTest {
    @TempDir
    Path dir;

    @Test
    void clientSeesTheOriginsOwnCertificate() throws Exception {
        OrgCa org = OrgCa.create(dir.resolve("org"));
        TestPki pki = new TestPki("Pinned Origin CA");
        TestPki.Leaf leaf = pki.leaf("localhost", "127.0.0.1");
        try (TestOrigin origin = TestOrigin.tls(TlsOrigins.server(leaf, "http/1.1"));
             ProxyFixture proxy = ProxyFixture.start(org.yaml(pki.writeCaPem(dir), "localhost"))) {
            try (SSLSocket tls = ProxiedTls.open(proxy.port(), "localhost", origin.port(), pki.clientContext(),
                    "http/1.1")) {
                X509Certificate seen = (X509Certificate) tls.getSession().getPeerCertificates()[0];
                assertEquals(leaf.cert(), seen, "the origin's own leaf, not a minted one");
                tls.getOutputStream().write("GET /hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                InputStream in = tls.getInputStream();
                String response = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
                assertTrue(response.startsWith("HTTP/1.1 200"), response);
                assertFalse(response.contains("Via:"), "a tunnel does not touch the response");
            }
            AccessRecord rec = proxy.awaitAccess(a -> "tunnel".equals(a.kind()));
            assertFalse(rec.tlsInspected());
            assertEquals(0, proxy.daemon.leafCacheStats().orElseThrow().mints(), "nothing minted for a pinned host");
        }
    }
}
