package dev.portcullis.tls.context;

import dev.portcullis.tls.ca.KeyMaterialException;
import dev.portcullis.tls.ca.PemFiles;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Client contexts for dialing origins, always verifying: the chain must lead to a trust anchor (the JDK's system
 * trust store plus any {@code --upstream-ca} bundles) and the leaf must name the requested host (endpoint
 * identification "HTTPS"). Each handler sends SNI for the requested host. TLS 1.2 and 1.3.
 *
 * <p>A verification failure surfaces as the handshake future's cause; {@link CertificateProblem#classify} turns it
 * into something an error page can say.
 */
public final class UpstreamTls {

    public static final List<String> DEFAULT_ALPN = List.of("h2", "http/1.1");
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);
    /** Distinct ALPN offers are few (h2+http/1.1, http/1.1); more cached contexts would mean a caller bug. */
    private static final int MAX_CACHED_CONTEXTS = 8;

    private final X509ExtendedTrustManager trustManager;
    private final SslProvider provider;
    private final List<String> defaultAlpn;
    private final Duration handshakeTimeout;
    private final int trustAnchors;
    private final Map<List<String>, SslContext> contexts = new ConcurrentHashMap<>();

    private UpstreamTls(X509ExtendedTrustManager trustManager, SslProvider provider, List<String> defaultAlpn,
            Duration handshakeTimeout, int trustAnchors) throws SSLException {
        this.trustManager = trustManager;
        this.provider = provider;
        this.defaultAlpn = defaultAlpn;
        this.handshakeTimeout = handshakeTimeout;
        this.trustAnchors = trustAnchors;
        contexts.put(defaultAlpn, build(defaultAlpn)); // fail at start, not at the first connection
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A handler for dialing {@code host:port} offering the default ALPN protocols. */
    public SslHandler newHandler(ByteBufAllocator alloc, String host, int port) {
        return newHandler(alloc, host, port, defaultAlpn);
    }

    /**
     * A handler for dialing {@code host:port}: SNI and hostname verification use {@code host} (the name the client
     * asked for, even when the channel connects to an already resolved IP); ALPN offers {@code alpn}.
     */
    public SslHandler newHandler(ByteBufAllocator alloc, String host, int port, List<String> alpn) {
        String peerHost = peerHost(host);
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("upstream port must be 1-65535, got " + port);
        }
        SslHandler handler = context(alpn).newHandler(alloc, peerHost, port);
        handler.setHandshakeTimeoutMillis(handshakeTimeout.toMillis());
        return handler;
    }

    /** The (cached) client context offering {@code alpn}. */
    public SslContext context(List<String> alpn) {
        List<String> key = checkAlpn(alpn);
        SslContext existing = contexts.get(key);
        if (existing != null) {
            return existing;
        }
        SslContext created = buildUnchecked(key);
        if (contexts.size() < MAX_CACHED_CONTEXTS) {
            SslContext raced = contexts.putIfAbsent(key, created);
            return raced != null ? raced : created;
        }
        return created;
    }

    public List<String> defaultAlpn() {
        return defaultAlpn;
    }

    /** How many CA certificates are trusted (system plus extra bundles). */
    public int trustAnchorCount() {
        return trustAnchors;
    }

    private SslContext buildUnchecked(List<String> alpn) {
        try {
            return build(alpn);
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build an upstream TLS context offering " + alpn, e);
        }
    }

    private SslContext build(List<String> alpn) throws SSLException {
        return SslContextBuilder.forClient()
                .sslProvider(provider)
                .trustManager(trustManager)
                .endpointIdentificationAlgorithm("HTTPS")
                .protocols(ClientFacingContexts.PROTOCOLS)
                .applicationProtocolConfig(ClientFacingContexts.alpnConfig(alpn))
                .build();
    }

    private static List<String> checkAlpn(List<String> protocols) {
        if (protocols == null) {
            throw new IllegalArgumentException("ALPN list must not be null (use an empty list for no ALPN)");
        }
        for (String protocol : protocols) {
            if (protocol == null || protocol.isBlank()) {
                throw new IllegalArgumentException("ALPN list " + protocols + " contains an empty protocol name");
            }
        }
        return List.copyOf(protocols);
    }

    private static String peerHost(String host) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("upstream host must not be empty");
        }
        String h = host.strip();
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h.toLowerCase(Locale.ROOT);
    }

    /** Configures trust, ALPN offers and the handshake timeout. */
    public static final class Builder {
        private boolean systemTrust = true;
        private final List<Path> bundles = new ArrayList<>();
        private List<String> alpn = DEFAULT_ALPN;
        private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
        private SslProvider provider = TlsProvider.active();

        private Builder() {
        }

        /** Tests exercise the JDK fallback on machines where BoringSSL is available. */
        Builder provider(SslProvider sslProvider) {
            this.provider = sslProvider;
            return this;
        }

        /** Whether to trust the JDK's default trust store (default true). */
        public Builder systemTrust(boolean enabled) {
            this.systemTrust = enabled;
            return this;
        }

        /** Also trusts every certificate in this PEM bundle ({@code --upstream-ca}). */
        public Builder addTrustBundle(Path pemBundle) {
            bundles.add(pemBundle);
            return this;
        }

        public Builder alpn(List<String> protocols) {
            this.alpn = checkAlpn(protocols);
            return this;
        }

        public Builder handshakeTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("upstream handshake timeout must be positive, got " + timeout);
            }
            this.handshakeTimeout = timeout;
            return this;
        }

        /** Reads the bundles and builds the contexts; fails naming the bundle that cannot be used. */
        public UpstreamTls build() throws KeyMaterialException {
            List<X509Certificate> anchors = new ArrayList<>();
            if (systemTrust) {
                anchors.addAll(systemAnchors());
            }
            for (Path bundle : bundles) {
                anchors.addAll(PemFiles.readCertificates(bundle));
            }
            if (anchors.isEmpty()) {
                throw new KeyMaterialException("no upstream trust anchors: the system trust store is disabled and no"
                        + " --upstream-ca bundle was given");
            }
            try {
                return new UpstreamTls(new VerifyingTrustManager(pkixTrustManager(anchors)), provider, alpn,
                        handshakeTimeout, anchors.size());
            } catch (SSLException e) {
                throw new KeyMaterialException("cannot build the upstream TLS context: " + e.getMessage(), e);
            }
        }

        private static List<X509Certificate> systemAnchors() throws KeyMaterialException {
            try {
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init((KeyStore) null);
                for (TrustManager manager : factory.getTrustManagers()) {
                    if (manager instanceof X509TrustManager x509) {
                        return List.of(x509.getAcceptedIssuers());
                    }
                }
                throw new KeyMaterialException("the JDK's default trust store has no X.509 trust manager");
            } catch (GeneralSecurityException e) {
                throw new KeyMaterialException("cannot read the JDK's default trust store: " + e.getMessage(), e);
            }
        }

        private static X509ExtendedTrustManager pkixTrustManager(List<X509Certificate> anchors)
                throws KeyMaterialException {
            try {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                int i = 0;
                for (X509Certificate anchor : anchors) {
                    store.setCertificateEntry("anchor-" + i++, anchor);
                }
                TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
                factory.init(store);
                for (TrustManager manager : factory.getTrustManagers()) {
                    if (manager instanceof X509ExtendedTrustManager extended) {
                        return extended;
                    }
                }
                throw new KeyMaterialException("the JDK's PKIX trust manager factory made no X509ExtendedTrustManager");
            } catch (GeneralSecurityException | IOException e) {
                throw new KeyMaterialException("cannot build the upstream trust store: " + e.getMessage(), e);
            }
        }
    }
}
