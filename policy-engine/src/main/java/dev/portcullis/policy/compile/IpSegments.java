package dev.portcullis.policy.compile;

import dev.portcullis.policy.lists.CidrSet;
import dev.portcullis.policy.lists.IpRange;
import dev.portcullis.policy.lists.IpText;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Many IP range sets overlaid into one sorted array of elementary segments, each knowing which sets cover it:
 * one binary search answers "which of these sets contain this address" however many sets and rules there are.
 */
final class IpSegments {
    private static final int[] NONE = new int[0];

    private final long[] startHi;
    private final long[] startLo;
    private final int[][] groups;

    private IpSegments(long[] startHi, long[] startLo, int[][] groups) {
        this.startHi = startHi;
        this.startLo = startLo;
        this.groups = groups;
    }

    /** Group g is {@code sets.get(g)}. */
    static IpSegments of(List<CidrSet> sets) {
        List<long[]> events = new ArrayList<>();
        for (int g = 0; g < sets.size(); g++) {
            CidrSet set = sets.get(g);
            for (int i = 0; i < set.rangeCount(); i++) {
                IpRange r = set.range(i);
                events.add(new long[] {r.startHi(), r.startLo(), g + 1});
                if (!(r.endHi() == -1L && r.endLo() == -1L)) {
                    long lo = r.endLo() + 1;
                    long hi = lo == 0 ? r.endHi() + 1 : r.endHi();
                    events.add(new long[] {hi, lo, -(g + 1)});
                }
            }
        }
        events.sort((a, b) -> IpText.compare(a[0], a[1], b[0], b[1]));
        int[] counts = new int[sets.size()];
        BitSet active = new BitSet(sets.size());
        List<long[]> starts = new ArrayList<>();
        List<int[]> covering = new ArrayList<>();
        int i = 0;
        while (i < events.size()) {
            long hi = events.get(i)[0];
            long lo = events.get(i)[1];
            while (i < events.size() && events.get(i)[0] == hi && events.get(i)[1] == lo) {
                long e = events.get(i)[2];
                int g = (int) Math.abs(e) - 1;
                counts[g] += e > 0 ? 1 : -1;
                active.set(g, counts[g] > 0);
                i++;
            }
            starts.add(new long[] {hi, lo});
            covering.add(active.isEmpty() ? NONE : active.stream().toArray());
        }
        long[] sh = new long[starts.size()];
        long[] sl = new long[starts.size()];
        for (int k = 0; k < sh.length; k++) {
            sh[k] = starts.get(k)[0];
            sl[k] = starts.get(k)[1];
        }
        return new IpSegments(sh, sl, covering.toArray(new int[0][]));
    }

    /** The groups whose sets contain the address (empty when none). */
    int[] groupsOf(long hi, long lo) {
        int low = 0;
        int high = startHi.length - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (IpText.compare(startHi[mid], startLo[mid], hi, lo) <= 0) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return found < 0 ? NONE : groups[found];
    }
}
