package dev.portcullis.policy.compile;

import dev.portcullis.policy.check.Wildcard;
import java.util.List;

/**
 * Compiled wildcard: anchored first and last segments, middle segments found left to right. Greedy leftmost
 * placement is exact for patterns whose only metacharacter is '*', and runs in O(text x pattern) at worst.
 */
final class Glob {
    private final String[] segments;
    private final boolean ignoreCase;
    private final int minLength;

    Glob(Wildcard w) {
        List<String> s = w.segments();
        this.segments = s.toArray(new String[0]);
        this.ignoreCase = w.ignoreCase();
        int len = 0;
        for (String seg : segments) {
            len += seg.length();
        }
        this.minLength = len;
    }

    boolean matches(String text) {
        int n = text.length();
        if (n < minLength) {
            return false;
        }
        String first = segments[0];
        if (segments.length == 1) {
            return n == first.length() && region(text, 0, first);
        }
        String last = segments[segments.length - 1];
        if (!region(text, 0, first) || !region(text, n - last.length(), last)) {
            return false;
        }
        int from = first.length();
        int limit = n - last.length();
        for (int k = 1; k < segments.length - 1; k++) {
            String seg = segments[k];
            int at = find(text, seg, from, limit);
            if (at < 0) {
                return false;
            }
            from = at + seg.length();
        }
        return from <= limit;
    }

    private int find(String text, String seg, int from, int limit) {
        for (int at = from; at + seg.length() <= limit; at++) {
            if (region(text, at, seg)) {
                return at;
            }
        }
        return -1;
    }

    private boolean region(String text, int at, String seg) {
        for (int k = 0; k < seg.length(); k++) {
            if (!Wildcard.sameChar(seg.charAt(k), text.charAt(at + k), ignoreCase)) {
                return false;
            }
        }
        return true;
    }
}
