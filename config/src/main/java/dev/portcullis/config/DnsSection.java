package dev.portcullis.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** {@code upstream.dns}: resolvers (empty = the system's resolv.conf), query timeout and TTL clamps. */
public record DnsSection(List<HostPort> servers, Duration queryTimeout, Duration minTtl, Duration maxTtl,
        Duration negativeTtl) {

    static final Bounds.Items SERVERS = new Bounds.Items(0, 16);
    static final Bounds.Time QUERY_TIMEOUT = Bounds.Time.of("1ms", "1m");
    static final Bounds.Time MIN_TTL = Bounds.Time.of("0s", "1d");
    static final Bounds.Time MAX_TTL = Bounds.Time.of("0s", "7d");
    static final Bounds.Time NEGATIVE_TTL = Bounds.Time.of("0s", "1d");
    static final int DEFAULT_PORT = 53;

    public DnsSection {
        servers = SERVERS.check(Objects.requireNonNull(servers, "servers"));
        for (HostPort s : servers) {
            checkServer(s);
        }
        QUERY_TIMEOUT.check(Objects.requireNonNull(queryTimeout, "queryTimeout"));
        MIN_TTL.check(Objects.requireNonNull(minTtl, "minTtl"));
        MAX_TTL.check(Objects.requireNonNull(maxTtl, "maxTtl"));
        NEGATIVE_TTL.check(Objects.requireNonNull(negativeTtl, "negativeTtl"));
    }

    /** Parses {@code HOST[:PORT]} (port 53 by default) and refuses port 0, which no resolver listens on. */
    public static HostPort parseServer(String text) {
        return checkServer(HostPort.parse(text, DEFAULT_PORT));
    }

    private static HostPort checkServer(HostPort s) {
        if (s.port() == 0) {
            throw new ValueParseException("'" + s + "': a DNS server port must be between 1 and 65535");
        }
        return s;
    }

    public DnsSection withServers(List<HostPort> v) {
        return new DnsSection(v, queryTimeout, minTtl, maxTtl, negativeTtl);
    }
}
