package dev.portcullis.tls.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.tls.Loopback;
import dev.portcullis.tls.TestPki;
import dev.portcullis.tls.context.ClientFacingContexts;
import dev.portcullis.tls.mint.LeafCache;
import dev.portcullis.tls.mint.LeafMinter;
import dev.portcullis.tls.mint.LeafSpec;
import dev.portcullis.tls.mint.MintListener;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.Promise;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MintingSniMappingTest {

    private static final List<String> ALPN = List.of("h2", "http/1.1");

    @TempDir
    static Path dir;

    static LeafMinter minter;
    static ExecutorService mintExecutor;
    static SslContext client;
    static SslContext clientWithoutHostCheck;

    private final Loopback loopback = new Loopback();
    private LeafCache cache;

    @BeforeAll
    static void setUp() throws Exception {
        minter = new LeafMinter(TestPki.orgCa(dir));
        mintExecutor = LeafCache.newMintExecutor(2, 1024);
        client = client("HTTPS");
        clientWithoutHostCheck = client(null);
    }

    /** A BoringSSL client that trusts only the org CA. */
    private static SslContext client(String endpointIdentification) throws Exception {
        return SslContextBuilder.forClient()
                .sslProvider(SslProvider.OPENSSL)
                .trustManager(minter.authority().certificate())
                .endpointIdentificationAlgorithm(endpointIdentification)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ALPN))
                .build();
    }

    @AfterAll
    static void tearDown() throws InterruptedException {
        mintExecutor.shutdownNow();
        assertTrue(mintExecutor.awaitTermination(Loopback.TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }

    @BeforeEach
    void newCache() {
        cache = ClientFacingContexts.newCache(minter, mintExecutor, 1000, MintListener.NONE);
    }

    @AfterEach
    void close() {
        loopback.close();
    }

    private int sniServer(String hostWithoutSni) throws InterruptedException {
        return loopback.serverWith(() -> new SniHandler(
                MintingSniMapping.forRequestedHost(cache, ALPN, Clock.systemUTC(), hostWithoutSni)));
    }

    private static String sanOf(SslHandler handler) throws Exception {
        X509Certificate leaf = (X509Certificate) handler.engine().getSession().getPeerCertificates()[0];
        return String.valueOf(leaf.getSubjectAlternativeNames().iterator().next().get(1));
    }

    @Test
    void mintsALeafPerSniHostThatAClientTrustingOnlyTheCaAccepts() throws Exception {
        int port = sniServer(null);
        SslHandler alpha = Loopback.await(loopback.handshake(port,
                ch -> client.newHandler(ch.alloc(), "alpha.example", port)));
        SslHandler beta = Loopback.await(loopback.handshake(port,
                ch -> client.newHandler(ch.alloc(), "beta.example", port)));
        assertEquals("alpha.example", sanOf(alpha));
        assertEquals("beta.example", sanOf(beta));
        assertEquals("h2", alpha.applicationProtocol());
        assertNotEquals(alpha.engine().getSession().getPeerCertificates()[0],
                beta.engine().getSession().getPeerCertificates()[0]);
        assertEquals(2, cache.stats().mints());
    }

    @Test
    void thirtyTwoConcurrentHandshakesForANewHostMintOnce() throws Exception {
        int port = sniServer(null);
        List<CompletableFuture<SslHandler>> handshakes = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            handshakes.add(loopback.handshake(port, ch -> client.newHandler(ch.alloc(), "burst.example", port)));
        }
        for (CompletableFuture<SslHandler> handshake : handshakes) {
            assertEquals("burst.example", sanOf(Loopback.await(handshake)));
        }
        assertEquals(1, cache.stats().mints());
        assertEquals(32, cache.stats().hits() + cache.stats().misses());
    }

    @Test
    void aClientWithoutSniGetsTheDefaultHost() throws Exception {
        int port = sniServer("connect-target.example");
        SslHandler handler = Loopback.await(loopback.handshake(port,
                ch -> clientWithoutHostCheck.newHandler(ch.alloc())));
        assertEquals("connect-target.example", sanOf(handler));
    }

    @Test
    void aClientWithoutSniAndNoDefaultHostFailsTheHandshake() throws Exception {
        int port = sniServer(null);
        Loopback.awaitFailure(loopback.handshake(port, ch -> clientWithoutHostCheck.newHandler(ch.alloc())));
        assertEquals(0, cache.stats().mints());
    }

    @Test
    void completesThePromiseOnItsEventLoop() throws Exception {
        EventLoop loop = loopback.group().next();
        Promise<SslContext> promise = loop.newPromise();
        CompletableFuture<Boolean> listenerOnLoop = new CompletableFuture<>();
        promise.addListener(done -> listenerOnLoop.complete(loop.inEventLoop()));
        MintingSniMapping.forRequestedHost(cache, ALPN, Clock.systemUTC(), null).map("loop.example", promise);
        assertTrue(listenerOnLoop.get(Loopback.TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertTrue(promise.isSuccess());
    }

    @Test
    void refusesAnInvalidNameWithAClearCause() throws Exception {
        EventLoop loop = loopback.group().next();
        Promise<SslContext> promise = loop.newPromise();
        MintingSniMapping.forRequestedHost(cache, ALPN, Clock.systemUTC(), null).map("*.example.com", promise);
        assertTrue(promise.await(Loopback.TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertEquals("no certificate for SNI '*.example.com': host name '*.example.com' is a wildcard; a concrete host"
                + " is required", promise.cause().getMessage());
    }

    @Test
    void canServeALeafBuiltFromTheUpstreamCertificate() throws Exception {
        X509Certificate upstreamLeaf = TestPki.cert("origin").dns("origin.example", "www.origin.example").build()
                .certificate();
        int port = loopback.serverWith(() -> new SniHandler(new MintingSniMapping(cache, ALPN,
                sni -> LeafSpec.fromUpstream("origin.example", upstreamLeaf, Clock.systemUTC()))));
        SslHandler handler = Loopback.await(loopback.handshake(port,
                ch -> client.newHandler(ch.alloc(), "www.origin.example", port)));
        X509Certificate presented = (X509Certificate) handler.engine().getSession().getPeerCertificates()[0];
        assertEquals(2, presented.getSubjectAlternativeNames().size());
    }
}
