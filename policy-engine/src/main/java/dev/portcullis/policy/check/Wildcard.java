package dev.portcullis.policy.check;

import java.util.ArrayList;
import java.util.List;

/**
 * A Wirefilter wildcard pattern: {@code *} matches any sequence (including none), {@code \*} and {@code \\} are
 * a literal star and backslash. {@code wildcard} ignores case, {@code strict wildcard} does not.
 */
public record Wildcard(String source, List<String> segments, boolean ignoreCase) {

    /** Splits on unescaped stars; the error message names the bad escape. */
    public static Wildcard parse(String pattern, boolean ignoreCase) {
        List<String> segments = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                if (i + 1 >= pattern.length()) {
                    throw new IllegalArgumentException("wildcard pattern ends with a lone '\\'");
                }
                char e = pattern.charAt(++i);
                if (e != '*' && e != '\\') {
                    throw new IllegalArgumentException("invalid escape '\\" + e
                            + "' in wildcard pattern; only '\\*' and '\\\\' are allowed");
                }
                cur.append(e);
            } else if (c == '*') {
                segments.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        segments.add(cur.toString());
        return new Wildcard(pattern, List.copyOf(segments), ignoreCase);
    }

    /** Same-character test shared by both evaluators so they agree on case folding. */
    public static boolean sameChar(char a, char b, boolean ignoreCase) {
        if (a == b) {
            return true;
        }
        if (!ignoreCase) {
            return false;
        }
        char ua = Character.toUpperCase(a);
        char ub = Character.toUpperCase(b);
        return ua == ub || Character.toLowerCase(ua) == Character.toLowerCase(ub);
    }
}
