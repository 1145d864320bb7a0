package dev.portcullis.proxy.upstream;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/** What the resolver needs from the config; empty {@code servers} means the system's resolv.conf. */
public record DnsSettings(List<InetSocketAddress> servers, Duration queryTimeout, Duration minTtl, Duration maxTtl,
                          Duration negativeTtl) {
    public DnsSettings {
        servers = List.copyOf(servers);
    }
}
