package dev.portcullis.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;

/**
 * An address block plus the ports it applies to: {@code CIDR[:PORTS]}. IPv4 {@code 10.0.0.0/8:80-90}; IPv6 in
 * brackets {@code [::1]/128:8080}, or bare {@code ::1/128} without ports. A bare address means /32 or /128; no
 * ports means every port. Host bits below the prefix are an error, since {@code 10.0.0.1/8} is usually a typo.
 */
public final class CidrPorts {

    private final byte[] network;
    private final int prefixLength;
    private final PortRanges ports;

    private CidrPorts(byte[] network, int prefixLength, PortRanges ports) {
        this.network = network;
        this.prefixLength = prefixLength;
        this.ports = ports;
    }

    public static CidrPorts parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ValueParseException("empty destination; expected CIDR[:PORTS] such as 10.0.0.0/8:80-90");
        }
        String s = text.strip();
        String addr;
        String prefix = null;
        String portText = null;
        boolean v6;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new ValueParseException("'" + s + "' has '[' without a closing ']'");
            }
            v6 = true;
            addr = s.substring(1, close);
            String rest = s.substring(close + 1);
            int slashInBrackets = addr.indexOf('/');
            if (slashInBrackets >= 0) {
                throw new ValueParseException("'" + s + "': put the prefix after the bracket, e.g. [::1]/128:8080");
            }
            if (rest.startsWith("/")) {
                int colon = rest.indexOf(':');
                prefix = colon < 0 ? rest.substring(1) : rest.substring(1, colon);
                portText = colon < 0 ? null : rest.substring(colon + 1);
            } else if (rest.startsWith(":")) {
                portText = rest.substring(1);
            } else if (!rest.isEmpty()) {
                throw new ValueParseException("'" + s + "': expected /PREFIX or :PORTS after ']'");
            }
        } else if (s.indexOf(':') != s.lastIndexOf(':')) {
            v6 = true;
            int slash = s.indexOf('/');
            addr = slash < 0 ? s : s.substring(0, slash);
            prefix = slash < 0 ? null : s.substring(slash + 1);
            if (prefix != null && prefix.indexOf(':') >= 0) {
                throw new ValueParseException("'" + s + "': put IPv6 addresses in brackets to add ports, e.g. [::1]/128:8080");
            }
        } else {
            v6 = false;
            int colon = s.indexOf(':');
            String cidr = colon < 0 ? s : s.substring(0, colon);
            portText = colon < 0 ? null : s.substring(colon + 1);
            int slash = cidr.indexOf('/');
            addr = slash < 0 ? cidr : cidr.substring(0, slash);
            prefix = slash < 0 ? null : cidr.substring(slash + 1);
        }
        byte[] bytes = v6 ? IpLiterals.parseIpv6(addr) : IpLiterals.parseIpv4(addr);
        int max = bytes.length * 8;
        int len = max;
        if (prefix != null) {
            if (prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new ValueParseException("'" + s + "': prefix length '" + prefix + "' is not a number 0-" + max);
            }
            len = Integer.parseInt(prefix);
            if (len > max) {
                throw new ValueParseException("'" + s + "': prefix length " + len + " is out of range 0-" + max
                        + " for an " + (v6 ? "IPv6" : "IPv4") + " address");
            }
        }
        byte[] masked = mask(bytes, len);
        if (!Arrays.equals(masked, bytes)) {
            throw new ValueParseException("'" + s + "' has host bits set below /" + len + "; did you mean "
                    + IpLiterals.format(masked) + "/" + len + "?");
        }
        PortRanges p;
        if (portText == null) {
            p = PortRanges.ALL;
        } else {
            try {
                p = PortRanges.parse(portText);
            } catch (ValueParseException e) {
                throw new ValueParseException("'" + s + "': " + e.getMessage());
            }
        }
        return new CidrPorts(masked, len, p);
    }

    private static byte[] mask(byte[] addr, int len) {
        byte[] out = addr.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, len - 8 * i));
            out[i] &= (byte) (0xff00 >>> bits);
        }
        return out;
    }

    /** True when {@code port} is listed and {@code address} lies in the block (IPv4-mapped IPv6 counts as IPv4). */
    public boolean matches(InetAddress address, int port) {
        Objects.requireNonNull(address, "address");
        if (!ports.contains(port)) {
            return false;
        }
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            a = a.length == 4 ? IpLiterals.mapped(a) : IpLiterals.unmapped(a);
            if (a == null) {
                return false;
            }
        }
        return Arrays.equals(mask(a, prefixLength), network);
    }

    public InetAddress network() {
        try {
            return InetAddress.getByAddress(network);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4 or 16 byte literal is always valid", e);
        }
    }

    public int prefixLength() {
        return prefixLength;
    }

    public PortRanges ports() {
        return ports;
    }

    public boolean isIpv4() {
        return network.length == 4;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CidrPorts c && prefixLength == c.prefixLength && Arrays.equals(network, c.network)
                && ports.equals(c.ports);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(network), prefixLength, ports);
    }

    /** Canonical text that {@link #parse} reads back to an equal value. */
    @Override
    public String toString() {
        String addr = IpLiterals.format(network) + "/" + prefixLength;
        if (network.length == 16) {
            addr = "[" + IpLiterals.format(network) + "]/" + prefixLength;
        }
        return ports.isAll() ? addr : addr + ":" + ports;
    }
}
