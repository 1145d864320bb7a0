package dev.portcullis.policy.compile;

import java.util.ArrayList;
import java.util.List;

/**
 * Literal strings every match of a regex must contain, so a cheap {@code String.contains} can reject most
 * inputs before re2j runs. Deliberately conservative: any construct it does not fully understand (alternation,
 * flags, escapes of letters or digits, nested classes) yields no literals, which only costs speed, never
 * correctness.
 */
final class RegexLiterals {
    /** Shorter runs reject too little to pay for the extra scan. */
    private static final int MIN_LENGTH = 3;

    private RegexLiterals() {
    }

    static List<String> required(String regex) {
        if (regex.indexOf('|') >= 0 || regex.contains("(?")) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        StringBuilder run = new StringBuilder();
        int depth = 0;
        int i = 0;
        int n = regex.length();
        while (i < n) {
            char c = regex.charAt(i);
            switch (c) {
                case '\\' -> {
                    if (i + 1 >= n || Character.isLetterOrDigit(regex.charAt(i + 1))) {
                        return List.of();
                    }
                    if (depth == 0) {
                        run.append(regex.charAt(i + 1));
                    }
                    i += 2;
                    continue;
                }
                case '[' -> {
                    int end = classEnd(regex, i);
                    if (end < 0) {
                        return List.of();
                    }
                    flush(run, out);
                    i = end + 1;
                    continue;
                }
                case '(' -> {
                    flush(run, out);
                    depth++;
                }
                case ')' -> {
                    flush(run, out);
                    depth--;
                }
                case '*', '?' -> {
                    dropLast(run);
                    flush(run, out);
                }
                case '{' -> {
                    int close = regex.indexOf('}', i);
                    if (close < 0) {
                        return List.of();
                    }
                    dropLast(run);
                    flush(run, out);
                    i = close + 1;
                    continue;
                }
                case '+', '.', '^', '$' -> flush(run, out);
                default -> {
                    if (depth == 0) {
                        run.append(c);
                    }
                }
            }
            i++;
        }
        flush(run, out);
        return out;
    }

    /** Index of the ']' closing the class opened at {@code open}, or -1 when the class is not simple. */
    private static int classEnd(String regex, int open) {
        int i = open + 1;
        if (i < regex.length() && regex.charAt(i) == '^') {
            i++;
        }
        if (i < regex.length() && regex.charAt(i) == ']') {
            i++;
        }
        while (i < regex.length()) {
            char c = regex.charAt(i);
            if (c == '[') {
                return -1;
            }
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == ']') {
                return i;
            }
            i++;
        }
        return -1;
    }

    private static void dropLast(StringBuilder run) {
        if (run.length() > 0) {
            run.setLength(run.length() - 1);
        }
    }

    private static void flush(StringBuilder run, List<String> out) {
        if (run.length() >= MIN_LENGTH) {
            out.add(run.toString());
        }
        run.setLength(0);
    }
}
