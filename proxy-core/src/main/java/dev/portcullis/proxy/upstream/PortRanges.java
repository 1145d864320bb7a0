package dev.portcullis.proxy.upstream;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * A set of TCP ports written as {@code 80,443,8000-8999}. Same syntax and meaning as
 * {@code dev.portcullis.config.PortRanges}; this copy exists so the guard and its tests stand alone, and the
 * guard only needs an {@link IntPredicate}, so either type plugs in ({@code ranges::contains}).
 */
final class PortRanges implements IntPredicate {

    private final int[][] ranges;

    private PortRanges(int[][] ranges) {
        this.ranges = ranges;
    }

    /**
     * @throws IllegalArgumentException naming the bad item
     */
    static PortRanges parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("port list is empty; expected e.g. 80,443,8000-8999");
        }
        List<int[]> list = new ArrayList<>();
        for (String raw : text.split(",", -1)) {
            String item = raw.strip();
            int dash = item.indexOf('-');
            int lo = port(text, dash < 0 ? item : item.substring(0, dash));
            int hi = dash < 0 ? lo : port(text, item.substring(dash + 1));
            if (lo > hi) {
                throw new IllegalArgumentException("port list '" + text + "': range '" + item + "' runs backwards");
            }
            list.add(new int[] {lo, hi});
        }
        list.sort(Comparator.comparingInt(r -> r[0]));
        List<int[]> merged = new ArrayList<>();
        for (int[] r : list) {
            int[] lastRange = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (lastRange != null && r[0] <= lastRange[1] + 1) {
                lastRange[1] = Math.max(lastRange[1], r[1]);
            } else {
                merged.add(r);
            }
        }
        return new PortRanges(merged.toArray(new int[0][]));
    }

    private static int port(String whole, String s) {
        boolean digits = !s.isEmpty() && s.length() <= 5 && s.chars().allMatch(c -> c >= '0' && c <= '9');
        int p = digits ? Integer.parseInt(s) : -1;
        if (p < 1 || p > 65535) {
            throw new IllegalArgumentException("port list '" + whole + "': '" + s
                    + "' is not a port (expected a number from 1 to 65535)");
        }
        return p;
    }

    boolean contains(int port) {
        int lo = 0;
        int hi = ranges.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (port < ranges[mid][0]) {
                hi = mid - 1;
            } else if (port > ranges[mid][1]) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean test(int port) {
        return contains(port);
    }

    /** Canonical form: sorted, merged, e.g. {@code 80,443,8000-8999}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int[] r : ranges) {
            sb.append(sb.length() == 0 ? "" : ",").append(r[0]);
            if (r[1] != r[0]) {
                sb.append('-').append(r[1]);
            }
        }
        return sb.toString();
    }
}
