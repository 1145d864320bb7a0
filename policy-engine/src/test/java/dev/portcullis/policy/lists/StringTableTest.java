package dev.portcullis.policy.lists;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The open-addressing table against a plain map model, with many keys sharing a hash code. */
class StringTableTest {
    @Test
    void answersLikeAMapIncludingHashCollisions() {
        long seed = 0x57AB_1EL;
        Random random = new Random(seed);
        // "Aa" and "BB" share a hash code, so every string built from those blocks collides with its siblings.
        String[] blocks = {"Aa", "BB"};
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < 4; k++) {
                sb.append(blocks[random.nextInt(2)]);
            }
            keys.add(sb.toString());
            keys.add("k" + random.nextInt(2_000));
        }
        keys.add("\u0000"); // hash code 0: stored as 1, must still be found
        int lists = 7;
        StringTable table = new StringTable(keys.size(), lists);
        Map<String, TreeSet<Integer>> model = new HashMap<>();
        for (int i = 0; i < 2_000; i++) {
            String key = keys.get(random.nextInt(keys.size()));
            int ordinal = random.nextInt(lists);
            boolean added = model.computeIfAbsent(key, k -> new TreeSet<>()).add(ordinal);
            assertEquals(added, table.add(key, ordinal), "seed " + seed + " add " + key + " to " + ordinal);
        }
        for (String key : keys) {
            TreeSet<Integer> expected = model.getOrDefault(key, new TreeSet<>());
            assertArrayEquals(expected.stream().mapToInt(Integer::intValue).toArray(), table.get(key),
                    "seed " + seed + " key " + key);
        }
        assertArrayEquals(new int[0], table.get("absent"), "seed " + seed);
        assertArrayEquals(new int[0], table.get("AaAaAaAaAa"), "seed " + seed + ": colliding but absent");
    }
}
