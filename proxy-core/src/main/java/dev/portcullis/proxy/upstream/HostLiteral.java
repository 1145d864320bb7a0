package dev.portcullis.proxy.upstream;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Objects;

/**
 * The host part of a request target or CONNECT authority, decoded the way an OS or client would decode it.
 *
 * <p>The point is that a host which any resolver would treat as an IP address is never handed on as a name:
 * {@code 127.1}, {@code 0x7f000001} and {@code [::ffff:7f00:1]} all come back as {@link Kind#IPV4} /
 * {@link Kind#IPV6} with the address they denote, and a host that looks numeric but is not a valid address
 * is {@link Kind#INVALID} rather than a name (so it is refused, not resolved). Parsing is pure string work;
 * addresses are built with {@link InetAddress#getByAddress(byte[])}, which never performs a lookup.
 */
public final class HostLiteral {

    /** What the host string denotes. */
    public enum Kind { NAME, IPV4, IPV6, INVALID }

    private final String input;
    private final Kind kind;
    private final String name;
    private final InetAddress address;
    private final String error;

    private HostLiteral(String input, Kind kind, String name, InetAddress address, String error) {
        this.input = input;
        this.kind = kind;
        this.name = name;
        this.address = address;
        this.error = error;
    }

    /**
     * Decodes {@code host} (no port): an IPv4 literal in any inet_aton form, an IPv6 literal with or without
     * brackets, or a DNS name. Never throws and never performs DNS; bad input yields {@link Kind#INVALID}
     * with {@link #error()} naming the problem.
     */
    public static HostLiteral parse(String host) {
        if (host == null || host.isEmpty()) {
            return invalid(host == null ? "" : host, "host is empty");
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            // Checked before any case folding: e.g. KELVIN SIGN lower-cases to an ASCII 'k'.
            if (c > 0x7e || c < 0x21) {
                return invalid(host, String.format("host contains %s at index %d",
                        c < 0x21 || c == 0x7f ? "a control or space character" : "a non-ASCII character (use punycode)", i));
            }
            if (c == '%') {
                return invalid(host, host.indexOf(':') >= 0
                        ? "IPv6 zone ids are not allowed in a destination host"
                        : "percent-encoding is not allowed in a host name");
            }
        }
        if (host.charAt(0) == '[') {
            if (host.charAt(host.length() - 1) != ']') {
                return invalid(host, "bracketed IPv6 literal has no closing ']'");
            }
            return ipv6(host, host.substring(1, host.length() - 1));
        }
        if (host.indexOf(':') >= 0) {
            return ipv6(host, host);
        }
        String trimmed = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (HostLiteralIpv4.endsInNumber(trimmed)) {
            try {
                return new HostLiteral(host, Kind.IPV4, null, toAddress(HostLiteralIpv4.parse(trimmed)), null);
            } catch (HostLiteralException e) {
                return invalid(host, "host ends in a number but is not a valid IPv4 address: " + e.getMessage());
            }
        }
        String problem = HostLiteralName.problem(trimmed);
        return problem != null
                ? invalid(host, problem)
                : new HostLiteral(host, Kind.NAME, trimmed.toLowerCase(Locale.ROOT), null, null);
    }

    private static HostLiteral ipv6(String original, String literal) {
        try {
            return new HostLiteral(original, Kind.IPV6, null, toAddress(HostLiteralIpv6.parse(literal)), null);
        } catch (HostLiteralException e) {
            return invalid(original, "invalid IPv6 literal '" + literal + "': " + e.getMessage());
        }
    }

    private static HostLiteral invalid(String input, String error) {
        return new HostLiteral(input, Kind.INVALID, null, null, error);
    }

    private static InetAddress toAddress(byte[] bytes) {
        try {
            // Never a lookup: getByAddress only wraps the bytes. A 16-byte IPv4-mapped address comes back as
            // an Inet4Address, which is what the OS would dial anyway.
            return InetAddress.getByAddress(bytes);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("address of " + bytes.length + " bytes", e);
        }
    }

    /** The string given to {@link #parse}. */
    public String input() {
        return input;
    }

    public Kind kind() {
        return kind;
    }

    /** True for {@link Kind#IPV4} and {@link Kind#IPV6}. */
    public boolean isAddress() {
        return address != null;
    }

    /**
     * The decoded address for IPV4 / IPV6; throws for NAME and INVALID. An IPv4-mapped IPv6 literal
     * ({@code [::ffff:127.0.0.1]}) yields an {@link java.net.Inet4Address} with kind still IPV6: that is the
     * address the OS would actually connect to.
     */
    public InetAddress address() {
        if (address == null) {
            throw new IllegalStateException("host '" + input + "' is " + kind + ", not an IP literal");
        }
        return address;
    }

    /** The normalised name (lower case, no trailing dot) for NAME; throws otherwise. */
    public String name() {
        if (name == null) {
            throw new IllegalStateException("host '" + input + "' is " + kind + ", not a name");
        }
        return name;
    }

    /** Why the host is INVALID; throws for a valid host. */
    public String error() {
        if (error == null) {
            throw new IllegalStateException("host '" + input + "' is a valid " + kind);
        }
        return error;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostLiteral h && kind == h.kind && Objects.equals(name, h.name)
                && Objects.equals(address, h.address) && Objects.equals(error, h.error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, name, address, error);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NAME -> "NAME " + name;
            case IPV4, IPV6 -> kind + " " + HostLiteralFormat.format(address);
            case INVALID -> "INVALID '" + input + "': " + error;
        };
    }
}
