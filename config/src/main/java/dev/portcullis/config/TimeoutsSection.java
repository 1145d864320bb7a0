package dev.portcullis.config;

import java.time.Duration;
import java.util.Objects;

/** {@code timeouts}: every wait the daemon makes has one. */
public record TimeoutsSection(Duration headerRead, Duration clientIdle, Duration tunnelIdle, Duration connect,
        Duration upstreamResponse, Duration drain) {

    static final Bounds.Time HEADER_READ = Bounds.Time.of("1ms", "1h");
    static final Bounds.Time CLIENT_IDLE = Bounds.Time.of("1ms", "1d");
    static final Bounds.Time TUNNEL_IDLE = Bounds.Time.of("1ms", "7d");
    static final Bounds.Time CONNECT = Bounds.Time.of("1ms", "10m");
    static final Bounds.Time UPSTREAM_RESPONSE = Bounds.Time.of("1ms", "1d");
    static final Bounds.Time DRAIN = Bounds.Time.of("0s", "1h");

    public TimeoutsSection {
        HEADER_READ.check(Objects.requireNonNull(headerRead, "headerRead"));
        CLIENT_IDLE.check(Objects.requireNonNull(clientIdle, "clientIdle"));
        TUNNEL_IDLE.check(Objects.requireNonNull(tunnelIdle, "tunnelIdle"));
        CONNECT.check(Objects.requireNonNull(connect, "connect"));
        UPSTREAM_RESPONSE.check(Objects.requireNonNull(upstreamResponse, "upstreamResponse"));
        DRAIN.check(Objects.requireNonNull(drain, "drain"));
    }
}
