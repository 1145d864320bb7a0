package dev.portcullis.proxy.upstream;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * Addresses as people write them, for messages and logs: dotted quad, or RFC 5952 IPv6 (lower case, longest
 * zero run compressed), never touching DNS. {@link InetAddress#getHostAddress()} prints IPv6 uncompressed and
 * {@link InetAddress#getHostName()} may do a reverse lookup, so neither is used.
 */
public final class HostLiteralFormat {

    private HostLiteralFormat() {
    }

    /** {@code 127.0.0.1} or {@code ::ffff:7f00:1} (no brackets, no zone). */
    public static String format(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1; // RFC 5952 4.2.2: a single zero group is not compressed
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    /** {@code 127.0.0.1:22} or {@code [::1]:22}. */
    public static String format(InetAddress address, int port) {
        String host = format(address);
        return (address instanceof Inet4Address ? host : "[" + host + "]") + ":" + port;
    }
}
