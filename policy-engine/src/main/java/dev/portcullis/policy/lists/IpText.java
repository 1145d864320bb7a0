package dev.portcullis.policy.lists;

/**
 * Parses IP addresses, CIDRs and ranges from text without ever touching DNS (unlike
 * {@code InetAddress.getByName}). Addresses become 128-bit numbers; IPv4 is mapped to {@code ::ffff:a.b.c.d}.
 */
public final class IpText {
    private static final long V4_MAPPED = 0xFFFF_0000_0000L;

    private IpText() {
    }

    /** {hi, lo} of an IPv4 or IPv6 address; IllegalArgumentException naming the problem otherwise. */
    public static long[] parseAddress(String s) {
        if (s.indexOf(':') >= 0) {
            return parseV6(s);
        }
        return new long[] {0, V4_MAPPED | parseV4(s)};
    }

    /** An address, a CIDR {@code a/n} or a range {@code a..b}. Host bits of a CIDR are ignored. */
    public static IpRange parseRange(String s) {
        int dots = s.indexOf("..");
        if (dots >= 0) {
            long[] a = parseAddress(s.substring(0, dots));
            long[] b = parseAddress(s.substring(dots + 2));
            if (isV4(a[0], a[1]) != isV4(b[0], b[1])) {
                throw new IllegalArgumentException("range '" + s + "' mixes IPv4 and IPv6");
            }
            if (compare(a[0], a[1], b[0], b[1]) > 0) {
                throw new IllegalArgumentException("range '" + s + "' ends before it starts");
            }
            return new IpRange(a[0], a[1], b[0], b[1]);
        }
        int slash = s.indexOf('/');
        if (slash < 0) {
            long[] a = parseAddress(s);
            return new IpRange(a[0], a[1], a[0], a[1]);
        }
        long[] a = parseAddress(s.substring(0, slash));
        String p = s.substring(slash + 1);
        boolean v4 = s.indexOf(':') < 0;
        int max = v4 ? 32 : 128;
        int prefix;
        if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("invalid prefix length in '" + s + "'");
        }
        prefix = Integer.parseInt(p);
        if (prefix > max) {
            throw new IllegalArgumentException("prefix length /" + prefix + " in '" + s + "' exceeds " + max);
        }
        int bits = v4 ? prefix + 96 : prefix;
        long maskHi = bits >= 64 ? -1L : (bits == 0 ? 0 : -1L << (64 - bits));
        long maskLo = bits <= 64 ? 0 : (bits == 128 ? -1L : -1L << (128 - bits));
        return new IpRange(a[0] & maskHi, a[1] & maskLo, a[0] | ~maskHi, a[1] | ~maskLo);
    }

    public static boolean isV4(long hi, long lo) {
        return hi == 0 && (lo >>> 32) == 0xFFFFL;
    }

    public static int compare(long aHi, long aLo, long bHi, long bLo) {
        int c = Long.compareUnsigned(aHi, bHi);
        return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
    }

    public static String format(long hi, long lo) {
        if (isV4(hi, lo)) {
            return ((lo >>> 24) & 0xFF) + "." + ((lo >>> 16) & 0xFF) + "." + ((lo >>> 8) & 0xFF) + "." + (lo & 0xFF);
        }
        StringBuilder sb = new StringBuilder();
        for (int g = 0; g < 8; g++) {
            long word = g < 4 ? hi : lo;
            int shift = 48 - 16 * (g % 4);
            if (g > 0) {
                sb.append(':');
            }
            sb.append(Long.toHexString((word >>> shift) & 0xFFFF));
        }
        return sb.toString();
    }

    private static long parseV4(String s) {
        long v = 0;
        int octets = 0;
        int i = 0;
        int n = s.length();
        while (true) {
            int start = i;
            int octet = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 4) {
                octet = octet * 10 + (s.charAt(i) - '0');
                i++;
            }
            int len = i - start;
            if (len == 0 || len > 3 || octet > 255 || (len > 1 && s.charAt(start) == '0')) {
                throw new IllegalArgumentException("invalid IPv4 address '" + s + "'");
            }
            v = (v << 8) | octet;
            octets++;
            if (octets == 4) {
                if (i != n) {
                    throw new IllegalArgumentException("invalid IPv4 address '" + s + "'");
                }
                return v;
            }
            if (i >= n || s.charAt(i) != '.') {
                throw new IllegalArgumentException("invalid IPv4 address '" + s + "'");
            }
            i++;
        }
    }

    private static long[] parseV6(String s) {
        if (s.length() > 45) {
            throw new IllegalArgumentException("invalid IPv6 address '" + s + "'");
        }
        int[] groups = new int[8];
        int dbl = s.indexOf("::");
        if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
            throw new IllegalArgumentException("invalid IPv6 address '" + s + "': '::' appears twice");
        }
        String head = dbl >= 0 ? s.substring(0, dbl) : s;
        String tail = dbl >= 0 ? s.substring(dbl + 2) : "";
        int[] h = parseGroups(head, s, dbl < 0);
        int[] t = dbl >= 0 ? parseGroups(tail, s, true) : new int[0];
        if (dbl < 0 && h.length != 8 || dbl >= 0 && h.length + t.length > 7) {
            throw new IllegalArgumentException("invalid IPv6 address '" + s + "': wrong number of groups");
        }
        System.arraycopy(h, 0, groups, 0, h.length);
        System.arraycopy(t, 0, groups, 8 - t.length, t.length);
        long hi = 0;
        long lo = 0;
        for (int g = 0; g < 4; g++) {
            hi = (hi << 16) | groups[g];
            lo = (lo << 16) | groups[g + 4];
        }
        return new long[] {hi, lo};
    }

    /** Groups of a '::'-free part; the last part may end in a dotted IPv4 worth two groups. */
    private static int[] parseGroups(String part, String whole, boolean mayEndInV4) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] pieces = part.split(":", -1);
        int extra = 0;
        boolean v4Tail = mayEndInV4 && pieces[pieces.length - 1].indexOf('.') >= 0;
        if (v4Tail) {
            extra = 1;
        }
        int[] out = new int[pieces.length + extra];
        for (int k = 0; k < pieces.length; k++) {
            String p = pieces[k];
            if (v4Tail && k == pieces.length - 1) {
                long v4 = parseV4(p);
                out[k] = (int) (v4 >>> 16);
                out[k + 1] = (int) (v4 & 0xFFFF);
                break;
            }
            if (p.isEmpty() || p.length() > 4) {
                throw new IllegalArgumentException("invalid IPv6 address '" + whole + "'");
            }
            int v = 0;
            for (int c = 0; c < p.length(); c++) {
                int d = Character.digit(p.charAt(c), 16);
                if (d < 0) {
                    throw new IllegalArgumentException("invalid IPv6 address '" + whole + "'");
                }
                v = (v << 4) | d;
            }
            out[k] = v;
        }
        return out;
    }
}
