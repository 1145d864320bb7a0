package dev.portcullis.config.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SuffixTableTest {
    private static final String[] LABELS = {"a", "b", "example", "com", "co", "uk", "x-y", "1", "zz"};

    /** The obvious implementation: try every suffix from the longest. */
    private static Integer naive(Map<String, Integer> map, String host) {
        for (int from = 0; ; ) {
            Integer v = map.get(host.substring(from));
            if (v != null) {
                return v;
            }
            int dot = host.indexOf('.', from);
            if (dot < 0) {
                return null;
            }
            from = dot + 1;
        }
    }

    private static String name(Random r) {
        int n = 1 + r.nextInt(4);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? "." : "").append(LABELS[r.nextInt(LABELS.length)]);
        }
        return sb.toString();
    }

    @Test
    void agreesWithNaiveSuffixWalk() {
        long seed = 0x7ab1eL;
        Random r = new Random(seed);
        for (int round = 0; round < 200; round++) {
            Map<String, Integer> map = new HashMap<>();
            int size = r.nextInt(30);
            for (int i = 0; i < size; i++) {
                map.put(name(r), i);
            }
            SuffixTable<Integer> table = new SuffixTable<>(map);
            for (int q = 0; q < 200; q++) {
                String host = name(r);
                assertEquals(naive(map, host), table.longestSuffix(host),
                        "seed " + seed + " round " + round + " host " + host + " map " + map);
            }
        }
    }

    @Test
    void partialLabelsDoNotMatch() {
        SuffixTable<Integer> table = new SuffixTable<>(Map.of("example.com", 1));
        assertNull(table.longestSuffix("notexample.com"));
        assertNull(table.longestSuffix("com"));
        assertEquals(1, table.longestSuffix("a.example.com"));
        assertNull(new SuffixTable<Integer>(Map.of()).longestSuffix("a.example.com"));
    }
}
