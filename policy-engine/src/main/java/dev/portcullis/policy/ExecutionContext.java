package dev.portcullis.policy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of one evaluation, in arrays indexed by {@link Field#index()}. A field that was never set (or set
 * to null) is absent: every comparison on an absent value is false. Reusable via {@link #clear()}; not
 * thread-safe.
 *
 * <p>IP addresses are held as 128-bit numbers (IPv4 as IPv4-mapped IPv6, {@code ::ffff:a.b.c.d}) so that one
 * representation serves comparisons, CIDR sets and ranges without allocation.
 */
public final class ExecutionContext {
    private final Scheme scheme;
    private final boolean[] present;
    private final long[] lo;
    private final long[] hi;
    private final Object[] obj;

    ExecutionContext(Scheme scheme) {
        this.scheme = scheme;
        int n = scheme.size();
        this.present = new boolean[n];
        this.lo = new long[n];
        this.hi = new long[n];
        this.obj = new Object[n];
    }

    public Scheme scheme() {
        return scheme;
    }

    public void setBool(Field f, boolean v) {
        int i = slot(f, FieldType.BOOL);
        lo[i] = v ? 1 : 0;
        present[i] = true;
    }

    public void setInt(Field f, long v) {
        int i = slot(f, FieldType.INT);
        lo[i] = v;
        present[i] = true;
    }

    /** Sets an IP address; null makes the field absent (e.g. a destination not yet resolved). */
    public void setIp(Field f, InetAddress v) {
        int i = slot(f, FieldType.IP);
        if (v == null) {
            present[i] = false;
            return;
        }
        byte[] b = v.getAddress();
        if (v instanceof Inet4Address) {
            hi[i] = 0;
            lo[i] = 0xFFFF_0000_0000L | (((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8)
                    | (b[3] & 0xFFL));
        } else {
            hi[i] = bytesToLong(b, 0);
            lo[i] = bytesToLong(b, 8);
        }
        present[i] = true;
    }

    /** Sets an IP address from its 128-bit form (IPv4 as {@code ::ffff:a.b.c.d}). */
    public void setIp(Field f, long high, long low) {
        int i = slot(f, FieldType.IP);
        hi[i] = high;
        lo[i] = low;
        present[i] = true;
    }

    public void setBytes(Field f, String v) {
        setObj(slot(f, FieldType.BYTES), v);
    }

    public void setBytesArray(Field f, List<String> v) {
        setObj(slot(f, FieldType.BYTES_ARRAY), v == null ? null : nonNull(f, v.toArray(new String[0])));
    }

    /** Sets a Bytes array without copying (hot path); the caller must not modify {@code v} afterwards. */
    public void setBytesArrayNoCopy(Field f, String[] v) {
        setObj(slot(f, FieldType.BYTES_ARRAY), v == null ? null : nonNull(f, v));
    }

    public void setIntArray(Field f, long[] v) {
        setObj(slot(f, FieldType.INT_ARRAY), v == null ? null : v.clone());
    }

    /** Sets an Int array without copying (hot path); the caller must not modify {@code v} afterwards. */
    public void setIntArrayNoCopy(Field f, long[] v) {
        setObj(slot(f, FieldType.INT_ARRAY), v);
    }

    public void setBytesMap(Field f, Map<String, List<String>> v) {
        int i = slot(f, FieldType.BYTES_ARRAY_MAP);
        if (v == null) {
            setObj(i, null);
            return;
        }
        Map<String, String[]> copy = new HashMap<>(Math.max(4, v.size() * 2));
        v.forEach((k, values) -> {
            if (k != null && values != null) {
                copy.put(k, nonNull(f, values.toArray(new String[0])));
            }
        });
        setObj(i, Collections.unmodifiableMap(copy));
    }

    /** Makes one field absent. */
    public void clear(Field f) {
        int i = slot(f, f.type());
        present[i] = false;
        obj[i] = null;
    }

    /** Makes every field absent, for reuse. */
    public void clear() {
        Arrays.fill(present, false);
        Arrays.fill(obj, null);
    }

    public boolean isSet(Field f) {
        return present[slot(f, f.type())];
    }

    // ---- engine-internal accessors (used by compiled matchers; no checks, hot path) ----

    public boolean has(int index) {
        return present[index];
    }

    /** Int and Bool values, and the low 64 bits of an IP. */
    public long longAt(int index) {
        return lo[index];
    }

    /** The high 64 bits of an IP. */
    public long hiAt(int index) {
        return hi[index];
    }

    /** Bytes as String, arrays as String[] / long[], maps as Map&lt;String, String[]&gt;; null when absent. */
    public Object objAt(int index) {
        return obj[index];
    }

    private void setObj(int i, Object v) {
        obj[i] = v;
        present[i] = v != null;
    }

    private int slot(Field f, FieldType expected) {
        if (f == null) {
            throw new IllegalArgumentException("field is null");
        }
        if (!scheme.owns(f)) {
            throw new IllegalArgumentException("field '" + f.name() + "' does not belong to this context's scheme");
        }
        if (f.type() != expected) {
            throw new IllegalArgumentException("field '" + f.name() + "' is " + f.type().display() + ", not "
                    + expected.display());
        }
        return f.index();
    }

    private static String[] nonNull(Field f, String[] values) {
        for (String s : values) {
            if (s == null) {
                throw new IllegalArgumentException("field '" + f.name() + "': array contains null");
            }
        }
        return values;
    }

    private static long bytesToLong(byte[] b, int off) {
        long v = 0;
        for (int k = 0; k < 8; k++) {
            v = (v << 8) | (b[off + k] & 0xFFL);
        }
        return v;
    }
}
