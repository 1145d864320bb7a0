package dev.portcullis.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * A listener or server address: host (IPv4 literal, IPv6 literal without brackets, or host name) and port.
 * {@link #parse(String)} accepts {@code 127.0.0.1:3128}, {@code [::1]:3128} and {@code localhost:8080};
 * {@link #toString()} gives the same text back. Port 0 is allowed (an ephemeral listener port).
 */
public record HostPort(String host, int port) {

    public HostPort {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new ValueParseException("port must be between 0 and 65535, got " + port);
        }
        checkHost(host);
    }

    /** Parses {@code HOST:PORT}; IPv6 hosts must be in brackets. */
    public static HostPort parse(String text) {
        return parse(text, -1);
    }

    /**
     * Parses {@code HOST[:PORT]}, using {@code defaultPort} when none is given. Without a port, a bare IPv6 address
     * such as {@code 2001:db8::53} is accepted too.
     */
    public static HostPort parse(String text, int defaultPort) {
        if (text == null || text.isBlank()) {
            throw new ValueParseException("empty address; expected HOST:PORT such as 127.0.0.1:3128");
        }
        String s = text.strip();
        String host;
        String port;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new ValueParseException("'" + s + "' has '[' without a closing ']'");
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (rest.isEmpty()) {
                port = null;
            } else if (rest.startsWith(":")) {
                port = rest.substring(1);
            } else {
                throw new ValueParseException("'" + s + "': expected ':PORT' after ']'");
            }
            IpLiterals.parseIpv6(host);
        } else {
            int colon = s.lastIndexOf(':');
            if (colon < 0) {
                host = s;
                port = null;
            } else if (s.indexOf(':') != colon) {
                if (defaultPort < 0) {
                    throw new ValueParseException("'" + s + "': put IPv6 addresses in brackets, e.g. [::1]:3128");
                }
                host = s;
                port = null;
            } else {
                host = s.substring(0, colon);
                port = s.substring(colon + 1);
            }
        }
        if (host.isEmpty()) {
            throw new ValueParseException("'" + s + "' has no host; expected HOST:PORT such as 127.0.0.1:3128");
        }
        int p;
        if (port == null) {
            if (defaultPort < 0) {
                throw new ValueParseException("'" + s + "' has no port; expected HOST:PORT such as 127.0.0.1:3128");
            }
            p = defaultPort;
        } else {
            p = parsePort(s, port);
        }
        return new HostPort(host, p);
    }

    private static int parsePort(String whole, String port) {
        if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ValueParseException("'" + whole + "': port '" + port + "' is not a number 0-65535");
        }
        int p = Integer.parseInt(port);
        if (p > 65535) {
            throw new ValueParseException("'" + whole + "': port must be between 0 and 65535, got " + p);
        }
        return p;
    }

    private static void checkHost(String host) {
        if (host.indexOf(':') >= 0) {
            IpLiterals.parseIpv6(host);
        } else if (IpLiterals.looksLikeIpv4(host)) {
            IpLiterals.parseIpv4(host);
        } else if (!IpLiterals.isHostname(host)) {
            throw new ValueParseException(IpLiterals.hostnameProblem(host));
        }
    }

    /** The literal address bytes, or null when the host is a name. */
    byte[] literal() {
        if (host.indexOf(':') >= 0) {
            return IpLiterals.parseIpv6(host);
        }
        return IpLiterals.looksLikeIpv4(host) ? IpLiterals.parseIpv4(host) : null;
    }

    /** True for {@code 0.0.0.0} and {@code ::}: every local address. */
    public boolean isWildcard() {
        byte[] a = literal();
        return a != null && Arrays.equals(a, new byte[a.length]);
    }

    /** True for {@code localhost}, {@code 127.0.0.0/8} and {@code ::1}. */
    public boolean isLoopback() {
        byte[] a = literal();
        if (a == null) {
            return host.toLowerCase(Locale.ROOT).equals("localhost");
        }
        if (a.length == 4) {
            return a[0] == 127;
        }
        byte[] loop = new byte[16];
        loop[15] = 1;
        return Arrays.equals(a, loop);
    }

    /**
     * Whether two listeners cannot both bind: same non-zero port and the same address, or a wildcard covering the
     * other. Java binds {@code [::]} dual-stack, so it covers IPv4 too; {@code 0.0.0.0} covers only IPv4 (and host
     * names, whose family is unknown until resolved). {@code localhost} is taken to be every loopback address.
     */
    public boolean collidesWith(HostPort other) {
        if (port == 0 || port != other.port) {
            return false;
        }
        byte[] a = literal();
        byte[] b = other.literal();
        if (isWildcard() || other.isWildcard()) {
            byte[] wildcard = isWildcard() ? a : b;
            byte[] rest = isWildcard() ? b : a;
            return wildcard.length == 16 || rest == null || rest.length == 4 || isWildcard() && other.isWildcard();
        }
        if (a != null && b != null) {
            return Arrays.equals(a, b);
        }
        if (a == null && b == null) {
            return host.equalsIgnoreCase(other.host);
        }
        return isLoopback() && other.isLoopback();
    }

    /**
     * A socket address for binding or dialing. Literals never touch DNS; a host name is resolved here, which may
     * block, so call this off the event loop.
     */
    public InetSocketAddress toSocketAddress() {
        byte[] a = literal();
        if (a == null) {
            return new InetSocketAddress(host, port);
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(a), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4 or 16 byte literal is always valid", e);
        }
    }

    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
