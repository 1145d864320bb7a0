package dev.portcullis.tls.context;

import dev.portcullis.tls.ca.KeyMaterialException;
import dev.portcullis.tls.ca.PemFiles;
import dev.portcullis.tls.mint.LeafMinter;
import dev.portcullis.tls.mint.LeafSpec;
import dev.portcullis.tls.mint.MintedLeaf;
import io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLException;

/**
 * The certificate and key of the proxy's own HTTPS listener: loaded from {@code --tls-cert/--tls-key}, or minted at
 * start from the organisation CA for the configured host names and IPs (clients already trust that CA).
 */
public final class ProxyServerIdentity {

    /** A minted identity lives this long (or until the CA expires); the daemon re-mints on every start. */
    public static final Duration MINTED_VALIDITY = Duration.ofDays(30);

    private final PrivateKey key;
    private final List<X509Certificate> chain;

    private ProxyServerIdentity(PrivateKey key, List<X509Certificate> chain) {
        this.key = key;
        this.chain = List.copyOf(chain);
    }

    /** Loads a PEM chain (leaf first) and its key; refuses a loose key file or a key that does not match. */
    public static ProxyServerIdentity load(Path certPem, Path keyPem) throws KeyMaterialException {
        List<X509Certificate> chain = PemFiles.readCertificates(certPem);
        PrivateKey key = PemFiles.readPrivateKey(keyPem);
        PemFiles.requireMatchingKey(key, chain.get(0), keyPem, certPem);
        return new ProxyServerIdentity(key, chain);
    }

    /** Mints an identity for {@code names} (DNS names and IP literals, the first is the subject). */
    public static ProxyServerIdentity mint(LeafMinter minter, List<String> names, Clock clock) {
        MintedLeaf leaf = minter.mint(LeafSpec.forNames(names, clock, MINTED_VALIDITY));
        return new ProxyServerIdentity(leaf.key(), leaf.chain());
    }

    /** A server context for the listener, offering {@code alpn} (e.g. ["h2", "http/1.1"]). */
    public SslContext serverContext(List<String> alpn) throws SSLException {
        return ClientFacingContexts.forChain(key, chain, List.copyOf(alpn));
    }

    /** Leaf first. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** When the listener certificate expires, so the daemon can warn or re-mint ahead of it. */
    public Instant notAfter() {
        return chain.get(0).getNotAfter().toInstant();
    }

    @Override
    public String toString() {
        return "ProxyServerIdentity[subject=" + chain.get(0).getSubjectX500Principal().getName() + ", notAfter="
                + notAfter() + "]";
    }
}
