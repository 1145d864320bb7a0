package dev.portcullis.tls.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.tls.Loopback;
import dev.portcullis.tls.TestPki;
import dev.portcullis.tls.TestPki.Issued;
import dev.portcullis.tls.ca.KeyMaterialException;
import dev.portcullis.tls.mint.LeafMinter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProxyServerIdentityTest {

    @TempDir
    Path dir;

    private final Loopback loopback = new Loopback();

    @AfterEach
    void close() {
        loopback.close();
    }

    @Test
    void mintsAnIdentityForConfiguredNamesAndIps() throws Exception {
        LeafMinter minter = new LeafMinter(TestPki.orgCa(dir));
        ProxyServerIdentity identity = ProxyServerIdentity.mint(minter, List.of("proxy.corp", "127.0.0.1"),
                Clock.systemUTC());
        Set<List<?>> sans = new HashSet<>(identity.chain().get(0).getSubjectAlternativeNames());
        assertEquals(Set.of(List.of(2, "proxy.corp"), List.of(7, "127.0.0.1")), sans);
        assertTrue(identity.notAfter().isAfter(Instant.now().plus(Duration.ofDays(29))));

        SslContext client = SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL)
                .trustManager(minter.authority().certificate()).endpointIdentificationAlgorithm("HTTPS").build();
        int port = loopback.server(identity.serverContext(List.of("http/1.1")));
        Loopback.await(loopback.handshake(port, ch -> client.newHandler(ch.alloc(), "127.0.0.1", port)));
        Loopback.await(loopback.handshake(port, ch -> client.newHandler(ch.alloc(), "proxy.corp", port)));
    }

    @Test
    void loadsACertificateAndKeyFromFiles() throws Exception {
        Issued ca = TestPki.cert("Listener CA").ca(true).build();
        Issued leaf = TestPki.cert("proxy.corp").issuer(ca).dns("proxy.corp").build();
        Path cert = TestPki.writeCert(dir.resolve("tls.pem"), leaf.certificate(), ca.certificate());
        Path key = TestPki.writeKey(dir.resolve("tls.key"), leaf.key());
        ProxyServerIdentity identity = ProxyServerIdentity.load(cert, key);
        assertEquals(2, identity.chain().size());
        assertEquals("ProxyServerIdentity[subject=CN=proxy.corp, notAfter=" + identity.notAfter() + "]",
                identity.toString());

        SslContext client = SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL)
                .trustManager(ca.certificate()).endpointIdentificationAlgorithm("HTTPS").build();
        int port = loopback.server(identity.serverContext(List.of()));
        Loopback.await(loopback.handshake(port, ch -> client.newHandler(ch.alloc(), "proxy.corp", port)));
    }

    @Test
    void refusesAKeyForAnotherCertificate() throws Exception {
        Issued leaf = TestPki.cert("proxy.corp").dns("proxy.corp").build();
        Path cert = TestPki.writeCert(dir.resolve("tls.pem"), leaf.certificate());
        Path key = TestPki.writeKey(dir.resolve("tls.key"), TestPki.ec().getPrivate());
        KeyMaterialException e = assertThrows(KeyMaterialException.class, () -> ProxyServerIdentity.load(cert, key));
        assertEquals(key + ": private key does not match the certificate in " + cert, e.getMessage());
    }
}
