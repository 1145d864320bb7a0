package dev.portcullis.e2e.http2;

import dev.portcullis.e2e.support.Await;
import dev.portcullis.e2e.support.ProxyFixture;
import dev.portcullis.tls.ca.CaGenerator;
import io.netty.handler.ssl.SslHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where the HTTPS listener's certificate comes from, and how long an idle HTTP/2 connection may stay. */
class ListenerIdentityTest {

    @Test
    void withoutTlsCertTheListenerCertificateIsMintedFromTheOrgCa(@TempDir Path dir) throws Exception {
        CaGenerator.CaFiles ca = CaGenerator.generate(dir, "H2 Org CA", 30);
        X509Certificate caCert;
        try (InputStream in = Files.newInputStream(ca.certificate())) {
            caCert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        try (ProxyFixture proxy = ProxyFixture.start("""
                proxy:
                  listen: ["127.0.0.1:0"]
                  tls_listen: "127.0.0.1:0"
                inspection:
                  ca_cert: "%s"
                  ca_key: "%s"
                """.formatted(ca.certificate(), ca.key()));
             H2Client client = new H2Client(proxy.daemon.tlsProxyAddress().orElseThrow(), caCert)) {
            X509Certificate served = (X509Certificate) client.connection.pipeline().get(SslHandler.class).engine()
                    .getSession().getPeerCertificates()[0];
            assertEquals(caCert.getSubjectX500Principal(), served.getIssuerX500Principal());
            boolean hasLoopbackIp = served.getSubjectAlternativeNames().stream()
                    .anyMatch(san -> san.get(0).equals(7) && "127.0.0.1".equals(san.get(1)));
            assertTrue(hasLoopbackIp, "SANs " + served.getSubjectAlternativeNames());
        }
    }

    @Test
    void anIdleHttp2ConnectionIsClosed(@TempDir Path dir) throws Exception {
        try (H2Proxy proxy = new H2Proxy(dir, """
                timeouts:
                  client_idle: "500ms"
                  drain: "1s"
                """)) {
            long start = System.nanoTime(); // before connecting, so the idle clock cannot have started earlier
            try (H2Client client = proxy.client()) {
                Await.until("idle connection closed", Duration.ofSeconds(10), () -> !client.connection.isActive());
                assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(500),
                        "closed before the idle timeout");
            }
        }
    }

    @Test
    void theDaemonListsTheHttpsListenerApartFromThePlainOnes(@TempDir Path dir) throws Exception {
        try (H2Proxy proxy = new H2Proxy(dir, "")) {
            List<?> plain = proxy.fixture.daemon.proxyAddresses();
            assertEquals(1, plain.size());
            assertTrue(!plain.contains(proxy.tlsAddress()));
        }
    }
}
