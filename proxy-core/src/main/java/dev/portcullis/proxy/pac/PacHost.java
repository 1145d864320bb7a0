package dev.portcullis.proxy.pac;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The host part of a Host header, checked before it is written into a PAC file: a DNS name, an IPv4 literal or a
 * bracketed IPv6 literal. Anything else is refused with a message naming the problem.
 */
final class PacHost {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]{2,45}");

    private PacHost() {
    }

    /** @return the lower-cased host without port or brackets */
    static String fromHostHeader(String header) {
        if (header == null || header.isBlank()) {
            throw new IllegalArgumentException("empty Host header");
        }
        String h = header.strip().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("Host header '" + header + "' has '[' without ']'");
            }
            String v6 = h.substring(1, close);
            checkPort(header, h.substring(close + 1));
            if (!IPV6.matcher(v6).matches() || !v6.contains(":")) {
                throw new IllegalArgumentException("Host header '" + header + "' is not a valid IPv6 literal");
            }
            return v6;
        }
        int colon = h.indexOf(':');
        String host = colon < 0 ? h : h.substring(0, colon);
        checkPort(header, colon < 0 ? "" : h.substring(colon));
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (IPV4.matcher(host).matches()) {
            for (String octet : host.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    throw new IllegalArgumentException("Host header '" + header + "' is not a valid IPv4 address");
                }
            }
            return host;
        }
        if (host.isEmpty() || host.length() > 253) {
            throw new IllegalArgumentException("Host header '" + header + "' has no host or one that is too long");
        }
        for (String label : host.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("Host header '" + header
                        + "' is not a valid host name (label '" + label + "')");
            }
        }
        return host;
    }

    private static void checkPort(String header, String rest) {
        if (rest.isEmpty()) {
            return;
        }
        if (!rest.matches(":[0-9]{1,5}") || Integer.parseInt(rest.substring(1)) > 65535) {
            throw new IllegalArgumentException("Host header '" + header + "' has an invalid port");
        }
    }
}
