package dev.portcullis.tls.mint;

/**
 * Receives {@link LeafCache} events so the proxy can bind them to metrics without this module knowing the metrics
 * library. Called on cache callers' and mint threads: implementations must be cheap, thread-safe and not throw.
 */
public interface MintListener {

    MintListener NONE = new MintListener() {
    };

    /** A leaf for {@code spec} was minted in {@code nanos} (key generation plus signing). */
    default void minted(LeafSpec spec, long nanos) {
    }

    /** Minting or building a context for {@code spec} failed; the failure is not cached. */
    default void failed(LeafSpec spec, Throwable cause) {
    }

    /** A lookup found its leaf in the cache (possibly still being minted for an earlier caller). */
    default void hit() {
    }

    /** A lookup started a new mint. */
    default void miss() {
    }
}
