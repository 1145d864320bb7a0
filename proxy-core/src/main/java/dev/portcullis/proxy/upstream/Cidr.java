package dev.portcullis.proxy.upstream;

import java.net.InetAddress;
import java.util.Arrays;

/**
 * An IPv4 or IPv6 prefix. An IPv4 prefix matches only IPv4 addresses: callers that may hold IPv4-mapped IPv6
 * addresses unwrap them first ({@link DestinationGuard} does), so one address never has two spellings here.
 */
final class Cidr {

    private final byte[] network;
    private final int bits;
    private final String text;

    private Cidr(byte[] network, int bits) {
        this.network = network;
        this.bits = bits;
        String host = HostLiteralFormat.format(address(network));
        this.text = host + "/" + bits;
    }

    /**
     * Parses {@code 10.0.0.0/8}, {@code fc00::/7}, or a bare address ({@code /32} or {@code /128}). IPv4 must be
     * a plain dotted quad here: config is no place for {@code 010.1} (octal 8.0.0.1) surprises.
     *
     * @throws IllegalArgumentException naming the problem
     */
    static Cidr parse(String text) {
        return parse(text, true);
    }

    /** As {@link #parse(String)}, but an IPv4-mapped prefix stays an IPv6 prefix (for the classifier's table). */
    static Cidr parseIpv6Exact(String text) {
        return parse(text, false);
    }

    private static Cidr parse(String text, boolean unwrapMapped) {
        int slash = text.indexOf('/');
        String host = slash < 0 ? text : text.substring(0, slash);
        HostLiteral literal = HostLiteral.parse(host);
        if (!literal.isAddress() || host.startsWith("[")) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR: '" + host + "' is not an IP address"
                    + (literal.kind() == HostLiteral.Kind.INVALID ? " (" + literal.error() + ")" : ""));
        }
        byte[] network = literal.kind() == HostLiteral.Kind.IPV6 ? ipv6Bytes(literal) : literal.address().getAddress();
        if (literal.kind() == HostLiteral.Kind.IPV4 && !HostLiteralFormat.format(literal.address()).equals(host)) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR: write the IPv4 address as a plain dotted"
                    + " quad (it means " + HostLiteralFormat.format(literal.address()) + ")");
        }
        int max = network.length * 8;
        int bits = max;
        if (slash >= 0) {
            String len = text.substring(slash + 1);
            if (len.isEmpty() || len.length() > 3 || !len.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(len) > max) {
                throw new IllegalArgumentException("'" + text + "' is not a CIDR: prefix length '" + len
                        + "' must be a number from 0 to " + max);
            }
            bits = Integer.parseInt(len);
        }
        Cidr cidr = new Cidr(network, bits);
        byte[] masked = cidr.mask(network);
        if (!Arrays.equals(masked, network)) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR: the address has bits set beyond the /"
                    + bits + " prefix; did you mean " + new Cidr(masked, bits) + "?");
        }
        if (unwrapMapped && network.length == 16 && bits >= 96 && literal.address().getAddress().length == 4) {
            // ::ffff:a.b.c.d/N is written for IPv4 hosts; the guard sees those as plain IPv4, so store it as such.
            return new Cidr(literal.address().getAddress(), bits - 96);
        }
        return cidr;
    }

    /** IPv4-mapped literals stay 16 bytes here so "::ffff:0:0/96" keeps its meaning as an IPv6 prefix. */
    private static byte[] ipv6Bytes(HostLiteral literal) {
        byte[] b = literal.address().getAddress();
        if (b.length == 16) {
            return b;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(b, 0, mapped, 12, 4);
        return mapped;
    }

    boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        // Runs for every table entry on every connect, so compare in place rather than mask a copy.
        int full = bits / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        return rest == 0 || ((address[full] ^ network[full]) & (0xff << (8 - rest)) & 0xff) == 0;
    }

    boolean isIpv4() {
        return network.length == 4;
    }

    private byte[] mask(byte[] address) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - 8 * i));
            out[i] &= (byte) (0xff << (8 - keep));
        }
        return out;
    }

    private static InetAddress address(byte[] bytes) {
        try {
            return bytes.length == 4 ? InetAddress.getByAddress(bytes) : java.net.Inet6Address.getByAddress(null, bytes, -1);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && bits == c.bits && Arrays.equals(network, c.network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + bits;
    }

    /** Canonical form, e.g. {@code 10.0.0.0/8} or {@code fc00::/7}. */
    @Override
    public String toString() {
        return text;
    }
}
