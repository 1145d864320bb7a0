package dev.portcullis.tls.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.tls.Loopback;
import dev.portcullis.tls.TestPki;
import dev.portcullis.tls.mint.LeafMinter;
import dev.portcullis.tls.mint.LeafSpec;
import dev.portcullis.tls.mint.MintedLeaf;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientFacingContextsTest {

    @TempDir
    static Path dir;

    static LeafMinter minter;
    static MintedLeaf leaf;

    private final Loopback loopback = new Loopback();

    @BeforeAll
    static void setUp() throws Exception {
        minter = new LeafMinter(TestPki.orgCa(dir));
        leaf = minter.mint(LeafSpec.forHost("app.example"));
    }

    @AfterEach
    void close() {
        loopback.close();
    }

    private static SslContext client(List<String> offers, String protocol) throws Exception {
        return SslContextBuilder.forClient()
                .sslProvider(SslProvider.OPENSSL)
                .trustManager(minter.authority().certificate())
                .endpointIdentificationAlgorithm("HTTPS")
                .protocols(protocol)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, offers))
                .build();
    }

    private SslHandler handshake(SslContext server, SslContext client) throws Exception {
        int port = loopback.server(server);
        return Loopback.await(loopback.handshake(port, ch -> client.newHandler(ch.alloc(), "app.example", port)));
    }

    @Test
    void negotiatesH2WhenTheServerContextOffersIt() throws Exception {
        SslHandler client = handshake(ClientFacingContexts.forLeaf(leaf, List.of("h2", "http/1.1")),
                client(List.of("h2", "http/1.1"), "TLSv1.3"));
        assertEquals("h2", client.applicationProtocol());
        assertEquals("TLSv1.3", client.engine().getSession().getProtocol());
        X509Certificate presented = (X509Certificate) client.engine().getSession().getPeerCertificates()[0];
        assertEquals(leaf.leaf(), presented);
    }

    @Test
    void negotiatesHttp11WhenThatIsAllTheOriginSpeaks() throws Exception {
        SslHandler client = handshake(ClientFacingContexts.forLeaf(leaf, List.of("http/1.1")),
                client(List.of("h2", "http/1.1"), "TLSv1.3"));
        assertEquals("http/1.1", client.applicationProtocol());
    }

    @Test
    void speaksTls12Too() throws Exception {
        SslHandler client = handshake(ClientFacingContexts.forLeaf(leaf, List.of("h2", "http/1.1")),
                client(List.of("h2", "http/1.1"), "TLSv1.2"));
        assertEquals("TLSv1.2", client.engine().getSession().getProtocol());
        assertEquals("h2", client.applicationProtocol());
    }

    @Test
    void resumesTls12Sessions() throws Exception {
        SslContext server = ClientFacingContexts.forLeaf(leaf, List.of("http/1.1"));
        SslContext client = client(List.of("http/1.1"), "TLSv1.2");
        int port = loopback.server(server);
        SslHandler first = Loopback.await(loopback.handshake(port, ch -> client.newHandler(ch.alloc(), "app.example",
                port)));
        SslHandler second = Loopback.await(loopback.handshake(port, ch -> client.newHandler(ch.alloc(), "app.example",
                port)));
        byte[] firstId = first.engine().getSession().getId();
        assertTrue(firstId.length > 0, "TLS 1.2 session id expected");
        assertEquals(java.util.HexFormat.of().formatHex(firstId),
                java.util.HexFormat.of().formatHex(second.engine().getSession().getId()),
                "second handshake should resume the first session");
    }

    @Test
    void mintedLeafServesThroughTheJdkFallbackToo() throws Exception {
        // Leaf keys come from Bouncy Castle (EcCrypto); when BoringSSL cannot load, the JDK's TLS stack signs with them.
        SslContext jdkServer = SslContextBuilder.forServer(leaf.key(), leaf.chain())
                .sslProvider(SslProvider.JDK)
                .protocols("TLSv1.3")
                .build();
        SslContext jdkClient = SslContextBuilder.forClient()
                .sslProvider(SslProvider.JDK)
                .trustManager(minter.authority().certificate())
                .endpointIdentificationAlgorithm("HTTPS")
                .protocols("TLSv1.3")
                .build();
        SslHandler client = handshake(jdkServer, jdkClient);
        X509Certificate presented = (X509Certificate) client.engine().getSession().getPeerCertificates()[0];
        assertEquals(leaf.leaf(), presented);
        assertEquals("TLSv1.3", client.engine().getSession().getProtocol());
    }
}
