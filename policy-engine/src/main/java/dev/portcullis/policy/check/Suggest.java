package dev.portcullis.policy.check;

import java.util.Collection;

/** "Did you mean" by edit distance, for fields, functions and lists. */
final class Suggest {
    private Suggest() {
    }

    static String closest(String name, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(name, c, bestDistance);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        int allowed = Math.max(2, name.length() / 3);
        return bestDistance <= allowed ? best : null;
    }

    static String didYouMean(String name, Collection<String> candidates) {
        String s = closest(name, candidates);
        return s == null ? "" : "; did you mean '" + s + "'?";
    }

    private static int distance(String a, String b, int cap) {
        if (Math.abs(a.length() - b.length()) >= cap || a.length() > 256 || b.length() > 256) {
            return Integer.MAX_VALUE;
        }
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
