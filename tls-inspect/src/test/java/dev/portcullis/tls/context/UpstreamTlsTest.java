package dev.portcullis.tls.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.tls.Loopback;
import dev.portcullis.tls.TestPki;
import dev.portcullis.tls.TestPki.Issued;
import dev.portcullis.tls.ca.KeyMaterialException;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.Mapping;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpstreamTlsTest {

    @TempDir
    static Path dir;

    static Issued testCa;
    static Path testCaBundle;
    static UpstreamTls upstream;

    private final Loopback loopback = new Loopback();

    @BeforeAll
    static void setUp() throws Exception {
        testCa = TestPki.cert("Upstream Test CA").ca(true).build();
        testCaBundle = TestPki.writeCert(dir.resolve("upstream-ca.pem"), testCa.certificate());
        upstream = UpstreamTls.builder().addTrustBundle(testCaBundle).build();
    }

    @AfterEach
    void close() {
        loopback.close();
    }

    private static SslContext server(Issued leaf, List<String> alpn) throws Exception {
        return SslContextBuilder.forServer(leaf.key(), leaf.certificate(), testCa.certificate())
                .sslProvider(SslProvider.OPENSSL)
                .applicationProtocolConfig(alpn.isEmpty() ? ApplicationProtocolConfig.DISABLED
                        : new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, alpn))
                .build();
    }

    private static Issued leaf(String host, Instant from, Instant to) {
        return TestPki.cert(host).issuer(testCa).dns(host).validity(from, to).build();
    }

    private static Issued validLeaf(String host) {
        return leaf(host, Instant.now().minus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(30)));
    }

    private CertificateProblem failure(UpstreamTls tls, SslContext server, String host) throws Exception {
        int port = loopback.server(server);
        Throwable cause = Loopback.awaitFailure(loopback.handshake(port, ch -> tls.newHandler(ch.alloc(), host, port)));
        return CertificateProblem.classify(cause);
    }

    @Test
    void acceptsAValidCertificateFromAnExtraBundleAndNegotiatesAlpn() throws Exception {
        int port = loopback.server(server(validLeaf("good.test"), List.of("h2", "http/1.1")));
        SslHandler handler = Loopback.await(loopback.handshake(port,
                ch -> upstream.newHandler(ch.alloc(), "good.test", port)));
        assertEquals("h2", handler.applicationProtocol());
        assertTrue(upstream.trustAnchorCount() > 1, "system anchors plus the test CA");
    }

    @Test
    void resumesSessionsWithAnOriginItHandshookWithBefore() throws Exception {
        // TLS 1.2, whose session ids show a resumption from the outside; TLS 1.3 resumes by ticket the same way.
        Issued leaf = validLeaf("again.test");
        SslContext server = SslContextBuilder.forServer(leaf.key(), leaf.certificate(), testCa.certificate())
                .sslProvider(SslProvider.OPENSSL).protocols("TLSv1.2").build();
        int port = loopback.server(server);
        SslHandler first = Loopback.await(loopback.handshake(port, ch -> upstream.newHandler(ch.alloc(), "again.test",
                port)));
        SslHandler second = Loopback.await(loopback.handshake(port, ch -> upstream.newHandler(ch.alloc(), "again.test",
                port)));
        byte[] firstId = first.engine().getSession().getId();
        assertTrue(firstId.length > 0, "TLS 1.2 session id expected");
        assertEquals(java.util.HexFormat.of().formatHex(firstId),
                java.util.HexFormat.of().formatHex(second.engine().getSession().getId()),
                "the second handshake with the same origin should resume the first session");
    }

    @Test
    void offersOnlyWhatTheCallerAsksFor() throws Exception {
        int port = loopback.server(server(validLeaf("good.test"), List.of("h2", "http/1.1")));
        SslHandler handler = Loopback.await(loopback.handshake(port,
                ch -> upstream.newHandler(ch.alloc(), "good.test", port, List.of("http/1.1"))));
        assertEquals("http/1.1", handler.applicationProtocol());
    }

    @Test
    void sendsSniForTheRequestedHost() throws Exception {
        SslContext server = server(validLeaf("good.test"), List.of());
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        Mapping<String, SslContext> recording = sni -> {
            seen.add(String.valueOf(sni));
            return server;
        };
        int port = loopback.serverWith(() -> new SniHandler(recording));
        Loopback.await(loopback.handshake(port, ch -> upstream.newHandler(ch.alloc(), "Good.Test.", port)));
        assertEquals(List.of("good.test"), List.copyOf(seen));
    }

    @Test
    void theSystemTrustStoreAloneDoesNotTrustTheTestCa() throws Exception {
        UpstreamTls systemOnly = UpstreamTls.builder().build();
        assertEquals(CertificateProblem.UNTRUSTED_ISSUER,
                failure(systemOnly, server(validLeaf("good.test"), List.of()), "good.test"));
    }

    @Test
    void refusesAnExpiredCertificate() throws Exception {
        Instant now = Instant.now();
        Issued expired = leaf("good.test", now.minus(Duration.ofDays(60)), now.minus(Duration.ofDays(1)));
        assertEquals(CertificateProblem.EXPIRED, failure(upstream, server(expired, List.of()), "good.test"));
    }

    @Test
    void refusesACertificateNotYetValid() throws Exception {
        Instant now = Instant.now();
        Issued future = leaf("good.test", now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(60)));
        assertEquals(CertificateProblem.NOT_YET_VALID, failure(upstream, server(future, List.of()), "good.test"));
    }

    @Test
    void refusesASelfSignedCertificate() throws Exception {
        Issued selfSigned = TestPki.cert("good.test").dns("good.test").build();
        SslContext server = SslContextBuilder.forServer(selfSigned.key(), selfSigned.certificate())
                .sslProvider(SslProvider.OPENSSL).build();
        assertEquals(CertificateProblem.UNTRUSTED_ISSUER, failure(upstream, server, "good.test"));
    }

    @Test
    void refusesACertificateForAnotherHost() throws Exception {
        int port = loopback.server(server(validLeaf("good.test"), List.of()));
        Throwable cause = Loopback.awaitFailure(loopback.handshake(port,
                ch -> upstream.newHandler(ch.alloc(), "other.test", port)));
        assertEquals(CertificateProblem.HOSTNAME_MISMATCH, CertificateProblem.classify(cause));
        boolean typed = false;
        for (Throwable t = cause; t != null; t = t.getCause()) {
            typed |= t instanceof HostnameMismatchException;
        }
        assertTrue(typed, "classified from the typed exception, not a message guess");
        assertTrue(CertificateProblem.HOSTNAME_MISMATCH.sentence().contains("different site"));
    }

    @Test
    void verifiesIpLiteralHostsAgainstIpSans() throws Exception {
        Issued byIp = TestPki.cert("ip").issuer(testCa).ip("127.0.0.1").build();
        int port = loopback.server(server(byIp, List.of()));
        Loopback.await(loopback.handshake(port, ch -> upstream.newHandler(ch.alloc(), "127.0.0.1", port)));
        assertEquals(CertificateProblem.HOSTNAME_MISMATCH, failure(upstream, server(byIp, List.of()), "127.0.0.2"));
    }

    /** Where BoringSSL cannot load, the JDK provider must verify and classify the same way. */
    @Test
    void theJdkFallbackVerifiesAndClassifiesAlike() throws Exception {
        UpstreamTls jdk = UpstreamTls.builder().addTrustBundle(testCaBundle).provider(SslProvider.JDK).build();
        Issued good = validLeaf("good.test");
        int port = loopback.server(server(good, List.of("h2", "http/1.1")));
        SslHandler handler = Loopback.await(loopback.handshake(port, ch -> jdk.newHandler(ch.alloc(), "good.test",
                port)));
        assertEquals("h2", handler.applicationProtocol());
        assertEquals(CertificateProblem.HOSTNAME_MISMATCH, failure(jdk, server(good, List.of()), "other.test"));
        Instant now = Instant.now();
        Issued expired = leaf("good.test", now.minus(Duration.ofDays(60)), now.minus(Duration.ofDays(1)));
        assertEquals(CertificateProblem.EXPIRED, failure(jdk, server(expired, List.of()), "good.test"));
        Issued selfSigned = TestPki.cert("good.test").dns("good.test").build();
        assertEquals(CertificateProblem.UNTRUSTED_ISSUER, failure(jdk, SslContextBuilder.forServer(selfSigned.key(),
                selfSigned.certificate()).sslProvider(SslProvider.OPENSSL).build(), "good.test"));
    }

    @Test
    void refusesUnusableConfiguration() {
        Path missing = dir.resolve("missing.pem");
        KeyMaterialException e = assertThrows(KeyMaterialException.class,
                () -> UpstreamTls.builder().addTrustBundle(missing).build());
        assertEquals(missing + ": certificate file does not exist", e.getMessage());
        KeyMaterialException none = assertThrows(KeyMaterialException.class,
                () -> UpstreamTls.builder().systemTrust(false).build());
        assertEquals("no upstream trust anchors: the system trust store is disabled and no --upstream-ca bundle was"
                + " given", none.getMessage());
        assertEquals("upstream port must be 1-65535, got 0", assertThrows(IllegalArgumentException.class,
                () -> upstream.newHandler(io.netty.buffer.ByteBufAllocator.DEFAULT, "a.test", 0)).getMessage());
    }
}
