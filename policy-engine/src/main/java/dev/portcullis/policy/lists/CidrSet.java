package dev.portcullis.policy.lists;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A set of IP ranges merged into disjoint sorted ranges and searched by binary search: 100,000 CIDRs cost four
 * long arrays and ~17 comparisons per lookup.
 */
public final class CidrSet {
    private final long[] startHi;
    private final long[] startLo;
    private final long[] endHi;
    private final long[] endLo;

    private CidrSet(List<IpRange> merged) {
        int n = merged.size();
        startHi = new long[n];
        startLo = new long[n];
        endHi = new long[n];
        endLo = new long[n];
        for (int i = 0; i < n; i++) {
            IpRange r = merged.get(i);
            startHi[i] = r.startHi();
            startLo[i] = r.startLo();
            endHi[i] = r.endHi();
            endLo[i] = r.endLo();
        }
    }

    public static CidrSet of(Collection<IpRange> ranges) {
        List<IpRange> sorted = new ArrayList<>(ranges);
        sorted.sort((a, b) -> IpText.compare(a.startHi(), a.startLo(), b.startHi(), b.startLo()));
        List<IpRange> merged = new ArrayList<>();
        for (IpRange r : sorted) {
            if (!merged.isEmpty()) {
                IpRange last = merged.get(merged.size() - 1);
                if (touches(last, r)) {
                    if (IpText.compare(r.endHi(), r.endLo(), last.endHi(), last.endLo()) > 0) {
                        merged.set(merged.size() - 1, new IpRange(last.startHi(), last.startLo(), r.endHi(), r.endLo()));
                    }
                    continue;
                }
            }
            merged.add(r);
        }
        return new CidrSet(merged);
    }

    public boolean contains(long hi, long lo) {
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
        return found >= 0 && IpText.compare(hi, lo, endHi[found], endLo[found]) <= 0;
    }

    /** The i-th disjoint range, in ascending order. */
    public IpRange range(int i) {
        return new IpRange(startHi[i], startLo[i], endHi[i], endLo[i]);
    }

    /** Number of disjoint ranges after merging. */
    public int rangeCount() {
        return startHi.length;
    }

    private static boolean touches(IpRange last, IpRange next) {
        if (IpText.compare(next.startHi(), next.startLo(), last.endHi(), last.endLo()) <= 0) {
            return true;
        }
        long lo = last.endLo() + 1;
        long hi = lo == 0 ? last.endHi() + 1 : last.endHi();
        return hi == next.startHi() && lo == next.startLo() && !(last.endHi() == -1L && last.endLo() == -1L);
    }
}
