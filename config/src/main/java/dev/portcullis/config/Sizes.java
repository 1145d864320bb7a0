package dev.portcullis.config;

import java.util.Locale;

/**
 * Byte sizes: a plain number of bytes, or a number with a binary unit {@code B}, {@code KiB}, {@code MiB},
 * {@code GiB}. Decimal units (KB, MB) are refused rather than guessed, because a limit off by 2.4% is a silent
 * surprise.
 */
public final class Sizes {

    private static final String[] UNITS = {"GiB", "MiB", "KiB", "B"};
    private static final long[] FACTORS = {1L << 30, 1L << 20, 1L << 10, 1L};

    private Sizes() {
    }

    public static long parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ValueParseException("empty size; expected bytes or e.g. 32KiB, 1MiB");
        }
        String s = text.strip();
        int i = 0;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        if (i == 0) {
            throw new ValueParseException("'" + s + "' is not a size; expected bytes or e.g. 32KiB, 1MiB");
        }
        if (i > 18) {
            throw new ValueParseException("size '" + s + "' is too large");
        }
        long n = Long.parseLong(s.substring(0, i));
        String unit = s.substring(i).strip();
        if (unit.isEmpty()) {
            return n;
        }
        for (int u = 0; u < UNITS.length; u++) {
            if (UNITS[u].toLowerCase(Locale.ROOT).equals(unit.toLowerCase(Locale.ROOT))) {
                try {
                    return Math.multiplyExact(n, FACTORS[u]);
                } catch (ArithmeticException e) {
                    throw new ValueParseException("size '" + s + "' is too large");
                }
            }
        }
        String lower = unit.toLowerCase(Locale.ROOT);
        if (lower.equals("k") || lower.equals("kb") || lower.equals("m") || lower.equals("mb") || lower.equals("g")
                || lower.equals("gb")) {
            throw new ValueParseException("'" + s + "' is ambiguous; use KiB, MiB or GiB (powers of 1024) or plain bytes");
        }
        if (i < s.length() && s.charAt(i) == '.') {
            throw new ValueParseException("'" + s + "' is not a size: use whole numbers, e.g. 1536KiB instead of 1.5MiB");
        }
        throw new ValueParseException("'" + s + "' has unknown unit '" + unit + "'; use B, KiB, MiB or GiB");
    }

    /** Largest exact binary unit, e.g. 32768 -> {@code 32KiB}, 1000 -> {@code 1000B}. */
    public static String format(long bytes) {
        for (int u = 0; u < UNITS.length - 1; u++) {
            if (bytes != 0 && bytes % FACTORS[u] == 0) {
                return bytes / FACTORS[u] + UNITS[u];
            }
        }
        return bytes + "B";
    }
}
