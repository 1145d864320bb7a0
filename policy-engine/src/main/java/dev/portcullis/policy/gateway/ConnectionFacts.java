package dev.portcullis.policy.gateway;

import java.net.InetAddress;
import java.util.Objects;

/**
 * What the proxy knows when a connection (or CONNECT) arrives. {@code dstHost} is as requested: lower-case, no
 * trailing dot, possibly an IP literal; {@code dstIp} is null before resolution, {@code sniHost} when unknown.
 */
public record ConnectionFacts(InetAddress srcIp, int srcPort, String dstHost, InetAddress dstIp, int dstPort,
                              String sniHost, String protocol, String endpoint, Identity identity) {
    public ConnectionFacts {
        Objects.requireNonNull(srcIp, "srcIp");
        Objects.requireNonNull(dstHost, "dstHost");
        identity = identity == null ? Identity.ANONYMOUS : identity;
        protocol = protocol == null ? "tcp" : protocol;
    }
}
