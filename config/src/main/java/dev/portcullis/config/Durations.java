package dev.portcullis.config;

import java.time.Duration;

/**
 * Durations as written in the config and on the command line: whole numbers with a unit, {@code ms}, {@code s},
 * {@code m}, {@code h} or {@code d}, optionally combined largest first ({@code 1h30m}).
 */
public final class Durations {

    private static final String[] UNITS = {"d", "h", "m", "s", "ms"};
    private static final long[] MILLIS = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
    private static final String HINT = " (write e.g. 500ms, 10s, 5m, 1h or 3d)";

    private Durations() {
    }

    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ValueParseException("empty duration" + HINT);
        }
        String s = text.strip();
        if (s.startsWith("-")) {
            throw new ValueParseException("duration '" + s + "' is negative");
        }
        long total = 0;
        int lastUnit = -1;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
                i++;
            }
            if (i == start) {
                throw new ValueParseException("'" + s + "' is not a duration" + HINT);
            }
            if (i - start > 12) {
                throw new ValueParseException("duration '" + s + "' is too large");
            }
            long n = Long.parseLong(s.substring(start, i));
            int unitStart = i;
            while (i < s.length() && Character.isLetter(s.charAt(i))) {
                i++;
            }
            String unit = s.substring(unitStart, i);
            if (unit.isEmpty()) {
                String why = i < s.length() && s.charAt(i) == '.'
                        ? "' is not a duration: use whole numbers, e.g. 1500ms instead of 1.5s"
                        : "' has no unit" + HINT;
                throw new ValueParseException("'" + s + why);
            }
            int u = unitIndex(unit);
            if (u < 0) {
                throw new ValueParseException("'" + s + "' has unknown unit '" + unit + "'" + HINT);
            }
            if (u <= lastUnit) {
                throw new ValueParseException("'" + s + "': units must go from largest to smallest, each once");
            }
            lastUnit = u;
            try {
                total = Math.addExact(total, Math.multiplyExact(n, MILLIS[u]));
            } catch (ArithmeticException e) {
                throw new ValueParseException("duration '" + s + "' is too large");
            }
        }
        return Duration.ofMillis(total);
    }

    private static int unitIndex(String unit) {
        for (int i = 0; i < UNITS.length; i++) {
            if (UNITS[i].equals(unit)) {
                return i;
            }
        }
        return -1;
    }

    /** The shortest text {@link #parse} reads back to {@code d} (whole milliseconds). */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        for (int u = 0; u < UNITS.length; u++) {
            long n = ms / MILLIS[u];
            if (n > 0) {
                sb.append(n).append(UNITS[u]);
                ms -= n * MILLIS[u];
            }
        }
        return sb.toString();
    }
}
