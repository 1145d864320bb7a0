package dev.portcullis.tls.mint;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A minted leaf: its private key and the chain to serve, leaf first, then the CA (and the CA's issuers, if any).
 * {@link #toString} never shows the key.
 */
public final class MintedLeaf {

    private final LeafSpec spec;
    private final PrivateKey key;
    private final List<X509Certificate> chain;

    MintedLeaf(LeafSpec spec, PrivateKey key, List<X509Certificate> chain) {
        this.spec = spec;
        this.key = key;
        this.chain = List.copyOf(chain);
    }

    public LeafSpec spec() {
        return spec;
    }

    public PrivateKey key() {
        return key;
    }

    /** Leaf first, then the CA chain. */
    public List<X509Certificate> chain() {
        return chain;
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    @Override
    public String toString() {
        return "MintedLeaf[host=" + spec.host() + ", serial=" + leaf().getSerialNumber().toString(16) + ", notAfter="
                + leaf().getNotAfter().toInstant() + "]";
    }
}
