package dev.portcullis.config.policy;

import java.util.Map;

/**
 * Domain → value, looked up by the most specific listed suffix of a host without allocating: suffix hashes are
 * accumulated right to left (they equal {@link String#hashCode()} of each suffix) and probed in an open-addressing
 * table. Runs up to three times per decision context, so the substrings a {@code HashMap} walk needs matter, and
 * so do cache misses: probes compare a dense {@code int[]} of hashes and touch a key only when its hash matches.
 */
final class SuffixTable<V> {
    /** 0 marks an empty slot; a real hash of 0 is stored as 1 (see {@link #stored}). */
    private final int[] hashes;
    private final String[] keys;
    private final Object[] values;
    private final int mask;

    SuffixTable(Map<String, V> entries) {
        int capacity = Integer.highestOneBit(Math.max(4, entries.size() * 2 + 1)) << 1;
        hashes = new int[capacity];
        keys = new String[capacity];
        values = new Object[capacity];
        mask = capacity - 1;
        entries.forEach((k, v) -> {
            int h = stored(k.hashCode());
            int i = spread(h) & mask;
            while (hashes[i] != 0) {
                i = (i + 1) & mask;
            }
            hashes[i] = h;
            keys[i] = k;
            values[i] = v;
        });
    }

    /** {@code host} must be lower case without a trailing dot; null when no suffix is listed. */
    @SuppressWarnings("unchecked")
    V longestSuffix(String host) {
        int n = host.length();
        int h = 0;
        int pow = 1;
        Object best = null;
        for (int i = n - 1; i >= 0; i--) {
            h += host.charAt(i) * pow;
            pow *= 31;
            if (i == 0 || host.charAt(i - 1) == '.') {
                Object v = probe(host, i, h);
                if (v != null) {
                    best = v; // later hits start further left: longer, more specific suffixes
                }
            }
        }
        return (V) best;
    }

    private Object probe(String host, int from, int hash) {
        int h = stored(hash);
        int len = host.length() - from;
        for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
            int slot = hashes[i];
            if (slot == 0) {
                return null;
            }
            if (slot == h) {
                String k = keys[i];
                if (k.length() == len && host.regionMatches(from, k, 0, len)) {
                    return values[i];
                }
            }
        }
    }

    private static int stored(int hash) {
        return hash == 0 ? 1 : hash;
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
