package dev.portcullis.config;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean" for unknown keys: the closest known key by edit distance, ignoring case, '_' and '-'. */
final class Suggestions {

    private Suggestions() {
    }

    /** The closest candidate within a small distance, or null. */
    static String closest(String key, Collection<String> candidates) {
        String k = squash(key);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            String sc = squash(c);
            int d = sc.equals(k) ? 0 : distance(key.toLowerCase(Locale.ROOT), c);
            int allowed = Math.max(1, Math.min(3, c.length() / 3));
            if (d <= allowed && d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    private static String squash(String s) {
        return s.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    /** Optimal string alignment distance: Levenshtein plus adjacent transpositions ("lsiten"). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
