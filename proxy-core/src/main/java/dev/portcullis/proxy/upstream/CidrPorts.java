package dev.portcullis.proxy.upstream;

import java.net.InetAddress;

/**
 * One {@code upstream.allow_destinations} entry, {@code CIDR[:PORTS]}: {@code 127.0.0.1/32:18000-18999},
 * {@code 10.0.0.0/8} (every port), {@code [::1]/128:8080}, or bare IPv6 {@code ::1/128} (every port; ports
 * need the brackets). Same syntax as {@code dev.portcullis.config.CidrPorts}, which the integrator may plug
 * into {@link DestinationGuard} instead ({@code c::matches}).
 */
final class CidrPorts implements DestinationGuard.DestinationException {

    private final Cidr cidr;
    private final PortRanges ports; // null = every port

    private CidrPorts(Cidr cidr, PortRanges ports) {
        this.cidr = cidr;
        this.ports = ports;
    }

    /**
     * @throws IllegalArgumentException naming the problem
     */
    static CidrPorts parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("allow-destination is empty; expected CIDR[:PORTS], e.g. 10.0.0.0/8:443");
        }
        String cidrText;
        String portsText = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("allow-destination '" + text + "': '[' without ']'");
            }
            String rest = text.substring(close + 1);
            int colon = rest.indexOf(':');
            String prefix = colon < 0 ? rest : rest.substring(0, colon);
            if (!prefix.isEmpty() && !prefix.startsWith("/")) {
                throw new IllegalArgumentException("allow-destination '" + text + "': expected '/LEN' or ':PORTS' after ']'");
            }
            if (text.substring(1, close).indexOf(':') < 0) {
                throw new IllegalArgumentException("allow-destination '" + text
                        + "': brackets are only for IPv6 addresses");
            }
            cidrText = text.substring(1, close) + prefix;
            portsText = colon < 0 ? null : rest.substring(colon + 1);
        } else if (text.indexOf(':') != text.lastIndexOf(':')) {
            cidrText = text; // bare IPv6: every colon belongs to the address
        } else {
            int colon = text.indexOf(':');
            cidrText = colon < 0 ? text : text.substring(0, colon);
            portsText = colon < 0 ? null : text.substring(colon + 1);
        }
        try {
            Cidr cidr = Cidr.parse(cidrText);
            return new CidrPorts(cidr, portsText == null ? null : PortRanges.parse(portsText));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("allow-destination '" + text + "': " + e.getMessage(), e);
        }
    }

    @Override
    public boolean matches(InetAddress address, int port) {
        return cidr.contains(address) && (ports == null || ports.contains(port));
    }

    /** Canonical form, used in verdict messages: {@code 127.0.0.1/32:18000-18999}, {@code [::1]/128:8080}. */
    @Override
    public String toString() {
        if (ports == null) {
            return cidr.toString();
        }
        String c = cidr.toString();
        return (cidr.isIpv4() ? c : "[" + c.replace("/", "]/")) + ":" + ports;
    }
}
