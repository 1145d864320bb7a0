package dev.portcullis.tls.context;

import dev.portcullis.tls.mint.LeafCache;
import dev.portcullis.tls.mint.LeafMinter;
import dev.portcullis.tls.mint.MintListener;
import dev.portcullis.tls.mint.MintedLeaf;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLException;

/**
 * Server contexts for the client side of an inspected connection: the proxy presents a minted leaf to the client.
 *
 * <p>TLS 1.2 and 1.3; sessions resume by ticket (BoringSSL's default, keys per context) and through a small
 * per-context session cache. ALPN offers exactly the protocols given, which the proxy takes from what the origin
 * chose, so the client never negotiates a protocol the origin will not speak.
 */
public final class ClientFacingContexts {

    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /** Per context, so kept small: tickets carry most resumptions without server memory. */
    static final long SESSION_CACHE_SIZE = 256;
    static final long SESSION_TIMEOUT_SECONDS = 3600;

    private ClientFacingContexts() {
    }

    /** A server context presenting {@code leaf}'s chain and offering {@code alpn} (empty: no ALPN). */
    public static SslContext forLeaf(MintedLeaf leaf, List<String> alpn) throws SSLException {
        return forChain(leaf.key(), leaf.chain(), alpn);
    }

    /**
     * A leaf cache whose {@link LeafCache#context(dev.portcullis.tls.mint.LeafSpec, List)} builds contexts with
     * {@link #forLeaf}: one context per (spec, ALPN list), cached with its leaf.
     */
    public static LeafCache newCache(LeafMinter minter, Executor mintExecutor, int maxEntries, MintListener listener) {
        return new LeafCache(minter, ClientFacingContexts::forLeaf, mintExecutor, maxEntries, listener);
    }

    static SslContext forChain(PrivateKey key, List<X509Certificate> chain, List<String> alpn) throws SSLException {
        return SslContextBuilder.forServer(key, chain)
                // Netty parks the key in a throw-away KeyStore; PKCS12's password-based encryption of it (PBKDF2)
                // cost ~10 ms per context, JKS's key protection microseconds. The store never leaves memory.
                .keyStoreType("JKS")
                .trustManager(NoClientCertificates.INSTANCE)
                .clientAuth(ClientAuth.NONE)
                .sslProvider(TlsProvider.active())
                .protocols(PROTOCOLS)
                .applicationProtocolConfig(alpnConfig(alpn))
                .sessionCacheSize(SESSION_CACHE_SIZE)
                .sessionTimeout(SESSION_TIMEOUT_SECONDS)
                .build();
    }

    static ApplicationProtocolConfig alpnConfig(List<String> alpn) {
        if (alpn.isEmpty()) {
            return ApplicationProtocolConfig.DISABLED;
        }
        // NO_ADVERTISE / ACCEPT are the only behaviours both BoringSSL and the JDK provider support.
        return new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, alpn);
    }
}
