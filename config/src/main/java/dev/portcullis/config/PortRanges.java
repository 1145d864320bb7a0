package dev.portcullis.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A set of TCP ports written as a comma list of ports and inclusive ranges, e.g. {@code 80,443,8000-8999}.
 * Overlapping or adjacent entries are merged, so {@link #toString()} is canonical (sorted, merged).
 */
public final class PortRanges {

    /** Every valid port, 1-65535. */
    public static final PortRanges ALL = new PortRanges(new int[] {1}, new int[] {65535});

    private final int[] lows;
    private final int[] highs;

    private PortRanges(int[] lows, int[] highs) {
        this.lows = lows;
        this.highs = highs;
    }

    public static PortRanges parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ValueParseException("empty port list; expected e.g. 80,443,8000-8999");
        }
        String[] entries = text.split(",", -1);
        List<int[]> ranges = new ArrayList<>(entries.length);
        for (String raw : entries) {
            String e = raw.strip();
            if (e.isEmpty()) {
                throw new ValueParseException("empty entry in port list '" + text + "'");
            }
            int dash = e.indexOf('-');
            int lo;
            int hi;
            if (dash < 0) {
                lo = port(e, e);
                hi = lo;
            } else {
                lo = port(e, e.substring(0, dash).strip());
                hi = port(e, e.substring(dash + 1).strip());
                if (lo > hi) {
                    throw new ValueParseException("port range '" + e + "' is reversed; write " + hi + "-" + lo);
                }
            }
            ranges.add(new int[] {lo, hi});
        }
        return merge(ranges);
    }

    /** A set of single ports, each 1-65535. */
    public static PortRanges of(int... ports) {
        if (ports.length == 0) {
            throw new ValueParseException("empty port list");
        }
        List<int[]> ranges = new ArrayList<>();
        for (int p : ports) {
            if (p < 1 || p > 65535) {
                throw new ValueParseException("port " + p + " is out of range 1-65535");
            }
            ranges.add(new int[] {p, p});
        }
        return merge(ranges);
    }

    private static int port(String entry, String s) {
        if (s.isEmpty() || s.length() > 5 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ValueParseException("'" + entry + "' is not a port or port range (expected e.g. 80,443,8000-8999)");
        }
        int p = Integer.parseInt(s);
        if (p < 1 || p > 65535) {
            throw new ValueParseException("port " + p + " is out of range 1-65535");
        }
        return p;
    }

    private static PortRanges merge(List<int[]> ranges) {
        ranges.sort((a, b) -> Integer.compare(a[0], b[0]));
        int[] lows = new int[ranges.size()];
        int[] highs = new int[ranges.size()];
        int n = 0;
        for (int[] r : ranges) {
            if (n > 0 && r[0] <= highs[n - 1] + 1) {
                highs[n - 1] = Math.max(highs[n - 1], r[1]);
            } else {
                lows[n] = r[0];
                highs[n] = r[1];
                n++;
            }
        }
        return new PortRanges(Arrays.copyOf(lows, n), Arrays.copyOf(highs, n));
    }

    public boolean contains(int port) {
        int i = Arrays.binarySearch(lows, port);
        if (i >= 0) {
            return true;
        }
        int before = -i - 2;
        return before >= 0 && port <= highs[before];
    }

    public boolean isAll() {
        return lows.length == 1 && lows[0] == 1 && highs[0] == 65535;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PortRanges p && Arrays.equals(lows, p.lows) && Arrays.equals(highs, p.highs);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(lows) + Arrays.hashCode(highs);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lows.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(lows[i]);
            if (highs[i] != lows[i]) {
                sb.append('-').append(highs[i]);
            }
        }
        return sb.toString();
    }
}
