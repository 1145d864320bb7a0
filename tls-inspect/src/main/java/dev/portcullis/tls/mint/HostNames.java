package dev.portcullis.tls.mint;

import io.netty.util.NetUtil;
import java.net.IDN;
import java.util.Locale;

/** Normalises and checks the names that go into a certificate: DNS names (IDNs as punycode) and IP literals. */
final class HostNames {

    static final int MAX_NAME_LENGTH = 253;
    private static final int MAX_LABEL_LENGTH = 63;

    private HostNames() {
    }

    /** True for an IPv4 or IPv6 literal, with or without brackets. */
    static boolean isIpLiteral(String name) {
        String bare = stripBrackets(name);
        return NetUtil.isValidIpV4Address(bare) || NetUtil.isValidIpV6Address(bare);
    }

    /**
     * The canonical form of a requested host: IP literals in their standard text form, DNS names lower-case ASCII
     * without a trailing dot. Wildcards are refused: a client asks for a concrete host.
     */
    static String canonicalHost(String host) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host name must not be empty");
        }
        String trimmed = host.strip();
        if (isIpLiteral(trimmed)) {
            return canonicalIp(trimmed);
        }
        if (trimmed.startsWith("*")) {
            throw new IllegalArgumentException("host name '" + host + "' is a wildcard; a concrete host is required");
        }
        return canonicalDnsName(trimmed, false);
    }

    /** A DNS name for a SAN; {@code allowWildcard} permits a whole leftmost label of "*" only. */
    static String canonicalDnsName(String name, boolean allowWildcard) {
        String ascii = isAscii(name) ? name : toPunycode(name);
        ascii = ascii.toLowerCase(Locale.ROOT);
        if (ascii.endsWith(".")) {
            ascii = ascii.substring(0, ascii.length() - 1);
        }
        if (ascii.isEmpty() || ascii.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("host name '" + name + "' must be 1 to " + MAX_NAME_LENGTH
                    + " characters long");
        }
        String[] labels = ascii.split("\\.", -1);
        for (int i = 0; i < labels.length; i++) {
            String label = labels[i];
            if (i == 0 && allowWildcard && label.equals("*")) {
                if (labels.length < 3) {
                    throw new IllegalArgumentException("wildcard '" + name + "' must have at least two labels after"
                            + " '*.'");
                }
                continue;
            }
            checkLabel(name, label);
        }
        return ascii;
    }

    private static boolean isAscii(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static String toPunycode(String name) {
        try {
            return IDN.toASCII(name, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("host name '" + name + "' is not a valid internationalised domain name: "
                    + e.getMessage(), e);
        }
    }

    /** The standard text form of an IP literal (IPv6 compressed, no brackets). */
    static String canonicalIp(String literal) {
        String bare = stripBrackets(literal.strip());
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(bare);
        if (bytes == null) {
            throw new IllegalArgumentException("'" + literal + "' is not an IPv4 or IPv6 address");
        }
        return NetUtil.bytesToIpAddress(bytes);
    }

    private static void checkLabel(String name, String label) {
        if (label.isEmpty() || label.length() > MAX_LABEL_LENGTH) {
            throw new IllegalArgumentException("host name '" + name + "' has a label of " + label.length()
                    + " characters; each dot-separated label must have 1 to " + MAX_LABEL_LENGTH);
        }
        if (label.charAt(0) == '-' || label.charAt(label.length() - 1) == '-') {
            throw new IllegalArgumentException("host name '" + name + "' has label '" + label
                    + "' starting or ending with '-'");
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            // Underscores are not legal in host names but do occur in real DNS names and certificates.
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                throw new IllegalArgumentException("host name '" + name + "' contains the character '" + c
                        + "', not allowed in a DNS name");
            }
        }
    }

    private static String stripBrackets(String name) {
        return name.length() > 2 && name.charAt(0) == '[' && name.charAt(name.length() - 1) == ']'
                ? name.substring(1, name.length() - 1)
                : name;
    }
}
