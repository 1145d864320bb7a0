package dev.portcullis.proxy.upstream;

/**
 * IPv4 literals as inet_aton(3) and the WHATWG URL host parser read them: one to four parts, each decimal,
 * octal (leading {@code 0}) or hex ({@code 0x}); all parts but the last are one byte, the last fills the
 * remaining bytes. So {@code 127.1}, {@code 2130706433}, {@code 0x7f.1} and {@code 0177.0.0.1} are all
 * 127.0.0.1. Anything looser than that would let a client smuggle an address past us as a "name".
 */
final class HostLiteralIpv4 {

    private static final long MAX = 0xFFFF_FFFFL;

    private HostLiteralIpv4() {
    }

    /**
     * WHATWG's "ends in a number": a host whose last label is numeric can only be an IPv4 address (no TLD is
     * numeric), so it is parsed as one and is invalid if that fails, never resolved as a name.
     */
    static boolean endsInNumber(String host) {
        String last = host.substring(host.lastIndexOf('.') + 1);
        if (last.isEmpty()) {
            return false;
        }
        if (isHexPrefix(last)) {
            for (int i = 2; i < last.length(); i++) {
                if (digit(last.charAt(i), 16) < 0) {
                    return false;
                }
            }
            return true;
        }
        for (int i = 0; i < last.length(); i++) {
            char c = last.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The four address bytes of {@code host} (trailing dot already removed). */
    static byte[] parse(String host) throws HostLiteralException {
        String[] parts = host.split("\\.", -1);
        if (parts.length > 4) {
            throw new HostLiteralException("it has " + parts.length + " parts, at most 4 are allowed");
        }
        long value = 0;
        for (int i = 0; i < parts.length; i++) {
            long part = number(parts[i], i + 1);
            boolean last = i == parts.length - 1;
            // The last part fills the bytes the earlier parts left: 4 parts -> 1 byte, 1 part -> 4 bytes.
            long limit = last ? (MAX >>> (8 * i)) : 0xFF;
            if (part > limit) {
                throw new HostLiteralException("part " + (i + 1) + " '" + parts[i] + "' is out of range (max "
                        + limit + (last && i < 3 ? " for the last of " + parts.length + " parts" : "") + ")");
            }
            value = last ? (value << (8 * (4 - i))) | part : (value << 8) | part;
        }
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    private static long number(String part, int position) throws HostLiteralException {
        if (part.isEmpty()) {
            throw new HostLiteralException("part " + position + " is empty");
        }
        int radix = 10;
        int start = 0;
        if (isHexPrefix(part)) {
            radix = 16;
            start = 2;
        } else if (part.length() > 1 && part.charAt(0) == '0') {
            radix = 8;
            start = 1;
        }
        long value = 0;
        for (int i = start; i < part.length(); i++) {
            int d = digit(part.charAt(i), radix);
            if (d < 0) {
                String base = radix == 8 ? "octal" : radix == 16 ? "hex" : "decimal";
                throw new HostLiteralException("part " + position + " '" + part + "' is not a valid " + base
                        + " number" + (radix == 8 && (part.charAt(i) == '8' || part.charAt(i) == '9')
                        ? " (a leading 0 means octal)" : ""));
            }
            value = value * radix + d;
            if (value > MAX) {
                throw new HostLiteralException("part " + position + " '" + part + "' is out of range");
            }
        }
        return value;
    }

    /** ASCII only: {@link Character#digit} would also accept e.g. full-width digits. */
    static int digit(char c, int radix) {
        int d = c >= '0' && c <= '9' ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        return d < radix ? d : -1;
    }

    private static boolean isHexPrefix(String s) {
        return s.length() >= 2 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X');
    }
}
