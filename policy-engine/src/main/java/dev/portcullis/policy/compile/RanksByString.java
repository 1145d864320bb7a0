package dev.portcullis.policy.compile;

import java.util.Map;

/**
 * String → rule ranks for one index dimension, open-addressed with the key hashes in a dense {@code int[]}. Nearly
 * every probe is for a parent domain no rule names; it then ends on a small int array that stays in cache, where a
 * {@code HashMap} would load a bucket node. Immutable once built.
 */
final class RanksByString {
    /** 0 marks an empty slot; a real hash of 0 is stored as 1. */
    private final int[] hashes;
    private final String[] keys;
    private final int[][] ranks;
    private final int mask;

    RanksByString(Map<String, int[]> entries) {
        int capacity = Integer.highestOneBit(Math.max(4, entries.size() * 2 + 1)) << 1;
        hashes = new int[capacity];
        keys = new String[capacity];
        ranks = new int[capacity][];
        mask = capacity - 1;
        entries.forEach((k, v) -> {
            int h = stored(k.hashCode());
            int i = spread(h) & mask;
            while (hashes[i] != 0) {
                i = (i + 1) & mask;
            }
            hashes[i] = h;
            keys[i] = k;
            ranks[i] = v;
        });
    }

    /** The ranks stored for {@code key}, or null. */
    int[] get(String key) {
        int h = stored(key.hashCode());
        for (int i = spread(h) & mask; ; i = (i + 1) & mask) {
            int slot = hashes[i];
            if (slot == 0) {
                return null;
            }
            if (slot == h && keys[i].equals(key)) {
                return ranks[i];
            }
        }
    }

    private static int stored(int hash) {
        return hash == 0 ? 1 : hash;
    }

    private static int spread(int h) {
        int x = h * 0x9E3779B9;
        return x ^ (x >>> 16);
    }
}
