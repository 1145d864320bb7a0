package dev.portcullis.tls.mint;

/**
 * A snapshot of {@link LeafCache} counters since it was created.
 *
 * @param hits           lookups that found a leaf (or a mint in progress)
 * @param misses         lookups that started a mint
 * @param mints          leaves minted successfully
 * @param failures       mints or context builds that failed
 * @param totalMintNanos time spent minting, summed over {@code mints}
 * @param entries        approximate number of cached leaves
 */
public record LeafCacheStats(long hits, long misses, long mints, long failures, long totalMintNanos, long entries) {
}
