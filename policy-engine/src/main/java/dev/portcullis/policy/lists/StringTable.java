package dev.portcullis.policy.lists;

import java.util.Arrays;

/**
 * Open-addressing map from string to sorted list ordinals, for a million-item list set: two flat arrays instead
 * of a million {@code HashMap} nodes (less memory, no per-entry allocation, one cache-friendly probe sequence).
 * An entry held by one list stores its ordinal; one held by several stores {@code -(1 + index)} into
 * {@code shared}. Built once, then read-only and safe to share between threads.
 *
 * <p>Each slot's key hash sits in a dense {@code int[]} next to the keys: most probes are for a host's parent
 * domains that no list holds, and those end on the hash array alone instead of loading a key string and its bytes
 * (two more cache misses on a million-entry table). In front of both sits a one-bit-per-key filter a quarter
 * the size of the hash array (2 MiB for a million items, about 6% false positives): it is far likelier to still be
 * in cache, so a parent domain no list holds usually costs no trip to memory at all.
 */
final class StringTable {
    private static final int[] NONE = new int[0];

    /** 0 marks an empty slot; a real hash of 0 is stored as 1. */
    private final int[] hashes;
    private final String[] keys;
    private final int[] values;
    private final int[][] singles;
    private int[][] shared = new int[4][];
    private int sharedCount;
    private final int mask;
    /** Bit {@link #filterBit} of every stored key's hash is set; a clear bit proves a key absent. */
    private final long[] filter;
    private final int filterShift;

    StringTable(long expected, int listCount) {
        long cap = Long.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        if (cap > 1 << 30) {
            throw new IllegalArgumentException("too many list items: " + expected);
        }
        hashes = new int[(int) cap];
        keys = new String[(int) cap];
        values = new int[(int) cap];
        mask = (int) cap - 1;
        // 8 bits per slot, 16 per key at the planned load: few false positives, 4x smaller than the hashes.
        int filterLog = Math.min(30, Integer.numberOfTrailingZeros((int) cap) + 3);
        filter = new long[1 << (filterLog - 6)];
        filterShift = 32 - filterLog;
        singles = new int[listCount][];
        for (int i = 0; i < listCount; i++) {
            singles[i] = new int[] {i};
        }
    }

    /** Adds {@code ordinal} to the entry for {@code key}; returns false when it was already there. */
    boolean add(String key, int ordinal) {
        int h = stored(key.hashCode());
        int slot = slot(key, h);
        if (keys[slot] == null) {
            int bit = filterBit(h);
            filter[bit >>> 6] |= 1L << bit;
            hashes[slot] = h;
            keys[slot] = key;
            values[slot] = ordinal;
            return true;
        }
        int[] current = get(slot);
        if (Arrays.binarySearch(current, ordinal) >= 0) {
            return false;
        }
        int[] grown = Arrays.copyOf(current, current.length + 1);
        grown[current.length] = ordinal;
        Arrays.sort(grown);
        if (values[slot] >= 0) {
            if (sharedCount == shared.length) {
                shared = Arrays.copyOf(shared, shared.length * 2);
            }
            shared[sharedCount] = grown;
            values[slot] = -(1 + sharedCount++);
        } else {
            shared[-(1 + values[slot])] = grown;
        }
        return true;
    }

    int[] get(String key) {
        int h = stored(key.hashCode());
        int bit = filterBit(h);
        if ((filter[bit >>> 6] & (1L << bit)) == 0) {
            return NONE;
        }
        int slot = slot(key, h);
        return keys[slot] == null ? NONE : get(slot);
    }

    /** Independent of the slot position (which uses another multiplier and the low bits). */
    private int filterBit(int h) {
        return (h * 0x85EBCA6B) >>> filterShift;
    }

    private int[] get(int slot) {
        int v = values[slot];
        return v >= 0 ? singles[v] : shared[-(1 + v)];
    }

    /** The slot holding {@code key}, or the empty slot where it would go. */
    private int slot(String key, int h) {
        int x = h * 0x9E3779B9;
        int i = (x ^ (x >>> 16)) & mask;
        while (true) {
            int slotHash = hashes[i];
            if (slotHash == 0 || slotHash == h && keys[i].equals(key)) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    private static int stored(int hash) {
        return hash == 0 ? 1 : hash;
    }
}
