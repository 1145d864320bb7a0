package dev.portcullis.tls.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.tls.TestPki;
import dev.portcullis.tls.mint.LeafMinter;
import dev.portcullis.tls.mint.LeafSpec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.util.ReferenceCountUtil;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InMemoryHandshakeTest {
    @TempDir
    static Path dir;

    static LeafMinter minter;
    static LeafMinter otherOrg;
    static SslContext server;

    @BeforeAll
    static void setUp() throws Exception {
        minter = new LeafMinter(TestPki.orgCa(dir.resolve("org")));
        otherOrg = new LeafMinter(TestPki.orgCa(dir.resolve("other")));
        server = ClientFacingContexts.forLeaf(minter.mint(LeafSpec.forHost("warm.example")), List.of("http/1.1"));
    }

    @AfterAll
    static void tearDown() {
        ReferenceCountUtil.release(server);
    }

    private static SslContext clientTrusting(X509Certificate ca) throws SSLException {
        return SslContextBuilder.forClient().sslProvider(TlsProvider.active()).trustManager(ca)
                .endpointIdentificationAlgorithm("HTTPS").build();
    }

    @Test
    void completesAgainstAMintedLeafTheClientTrusts() throws Exception {
        SslContext client = clientTrusting(minter.authority().certificate());
        try {
            assertEquals("TLSv1.3", InMemoryHandshake.run(server, client, "warm.example"));
        } finally {
            ReferenceCountUtil.release(client);
        }
    }

    @Test
    void verifiesTheChainLikeARealClient() throws Exception {
        SslContext client = clientTrusting(otherOrg.authority().certificate());
        try {
            SSLException e = assertThrows(SSLException.class,
                    () -> InMemoryHandshake.run(server, client, "warm.example"));
            assertTrue(e.toString().toLowerCase().contains("cert") || String.valueOf(e.getCause()).contains("cert"),
                    e.toString());
        } finally {
            ReferenceCountUtil.release(client);
        }
    }

    @Test
    void checksTheHostName() throws Exception {
        SslContext client = clientTrusting(minter.authority().certificate());
        try {
            assertThrows(SSLException.class, () -> InMemoryHandshake.run(server, client, "other.example"));
        } finally {
            ReferenceCountUtil.release(client);
        }
    }
}
