package dev.portcullis.proxy.observe;

import java.util.Map;
import java.util.TreeMap;

/** Reads one sample out of a Prometheus text scrape, labels in any order. */
final class PromText {
    private PromText() {
    }

    /** The value of {@code name} with exactly these labels, or NaN when there is no such sample. */
    static double value(String scrape, String name, Map<String, String> labels) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith("#") || !line.startsWith(name)) {
                continue;
            }
            String rest = line.substring(name.length());
            Map<String, String> found = new TreeMap<>();
            if (rest.startsWith("{")) {
                int close = rest.lastIndexOf('}');
                for (String pair : rest.substring(1, close).split(",")) {
                    if (pair.isEmpty()) {
                        continue;
                    }
                    int eq = pair.indexOf('=');
                    found.put(pair.substring(0, eq), pair.substring(eq + 2, pair.length() - 1));
                }
                rest = rest.substring(close + 1);
            } else if (!rest.startsWith(" ")) {
                continue;
            }
            if (found.equals(new TreeMap<>(labels))) {
                return Double.parseDouble(rest.trim().split(" ")[0]);
            }
        }
        return Double.NaN;
    }
}
