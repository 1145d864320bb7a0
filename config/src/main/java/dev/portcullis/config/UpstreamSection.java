package dev.portcullis.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * {@code upstream}: extra CA bundles for origin TLS, SSRF-guard exceptions, CONNECT ports, DNS and pooling.
 */
public record UpstreamSection(List<Path> caFiles, List<CidrPorts> allowDestinations, PortRanges connectPorts,
        DnsSection dns, PoolSection pool) {

    static final Bounds.Items CA_FILES = new Bounds.Items(0, 64);
    static final Bounds.Items ALLOW_DESTINATIONS = new Bounds.Items(0, 4096);

    public UpstreamSection {
        caFiles = CA_FILES.check(Objects.requireNonNull(caFiles, "caFiles"));
        allowDestinations = ALLOW_DESTINATIONS.check(Objects.requireNonNull(allowDestinations, "allowDestinations"));
        Objects.requireNonNull(connectPorts, "connectPorts");
        Objects.requireNonNull(dns, "dns");
        Objects.requireNonNull(pool, "pool");
    }

    public UpstreamSection withCaFiles(List<Path> v) {
        return new UpstreamSection(v, allowDestinations, connectPorts, dns, pool);
    }

    public UpstreamSection withAllowDestinations(List<CidrPorts> v) {
        return new UpstreamSection(caFiles, v, connectPorts, dns, pool);
    }

    public UpstreamSection withConnectPorts(PortRanges v) {
        return new UpstreamSection(caFiles, allowDestinations, v, dns, pool);
    }

    public UpstreamSection withDns(DnsSection v) {
        return new UpstreamSection(caFiles, allowDestinations, connectPorts, v, pool);
    }

    public UpstreamSection withPool(PoolSection v) {
        return new UpstreamSection(caFiles, allowDestinations, connectPorts, dns, v);
    }
}
