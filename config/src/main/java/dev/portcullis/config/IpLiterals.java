package dev.portcullis.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Strict IP literal parsing that never touches DNS. IPv4 must be four decimal octets without leading zeros,
 * because {@code InetAddress} accepts forms such as {@code 127.1} or {@code 0177.0.0.1} that read differently to
 * people and to other tools, which is exactly what an SSRF allow-list must not allow.
 */
final class IpLiterals {

    private IpLiterals() {
    }

    static boolean looksLikeIpv4(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    static byte[] parseIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            throw new ValueParseException("'" + s + "' is not an IPv4 address (expected four octets such as 10.0.0.1)");
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new ValueParseException("'" + s + "' is not an IPv4 address (octet '" + p + "' is not a number 0-255)");
            }
            if (p.length() > 1 && p.charAt(0) == '0') {
                throw new ValueParseException("'" + s + "' is not an IPv4 address (octet '" + p
                        + "' has a leading zero, which some tools read as octal)");
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                throw new ValueParseException("'" + s + "' is not an IPv4 address (octet " + v + " is above 255)");
            }
            out[i] = (byte) v;
        }
        return out;
    }

    /** Parses an IPv6 literal without brackets; always returns 16 bytes (IPv4-mapped forms stay IPv6). */
    static byte[] parseIpv6(String s) {
        if (s.indexOf('%') >= 0) {
            throw new ValueParseException("'" + s + "': IPv6 zone ids (%...) are not supported");
        }
        boolean plausible = s.indexOf(':') >= 0 && s.chars().allMatch(
                c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0);
        if (plausible) {
            try {
                // Brackets make InetAddress treat the text as a literal only: it throws instead of resolving.
                InetAddress a = InetAddress.getByName("[" + s + "]");
                byte[] raw = a.getAddress();
                if (a instanceof Inet4Address) {
                    return mapped(raw);
                }
                return raw;
            } catch (UnknownHostException e) {
                // falls through to the error below
            }
        }
        throw new ValueParseException("'" + s + "' is not an IPv6 address");
    }

    static byte[] mapped(byte[] ipv4) {
        byte[] out = new byte[16];
        out[10] = (byte) 0xff;
        out[11] = (byte) 0xff;
        System.arraycopy(ipv4, 0, out, 12, 4);
        return out;
    }

    /** Returns the IPv4 part of an IPv4-mapped IPv6 address, or null. */
    static byte[] unmapped(byte[] ipv6) {
        for (int i = 0; i < 10; i++) {
            if (ipv6[i] != 0) {
                return null;
            }
        }
        if (ipv6[10] != (byte) 0xff || ipv6[11] != (byte) 0xff) {
            return null;
        }
        byte[] out = new byte[4];
        System.arraycopy(ipv6, 12, out, 0, 4);
        return out;
    }

    /** Canonical text: dotted quad, or RFC 5952 (lower case, longest zero run compressed). */
    static String format(byte[] addr) {
        if (addr.length == 4) {
            return (addr[0] & 0xff) + "." + (addr[1] & 0xff) + "." + (addr[2] & 0xff) + "." + (addr[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((addr[2 * i] & 0xff) << 8) | (addr[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }

    static boolean isHostname(String s) {
        if (s.isEmpty() || s.length() > 253) {
            return false;
        }
        for (String label : s.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    static String hostnameProblem(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 127) {
                return "'" + s + "' is not a valid host name (write international names in their xn-- form)";
            }
        }
        return "'" + s + "' is not a valid host name (letters, digits, '-' and '.' only; labels of 1-63 characters)";
    }
}
