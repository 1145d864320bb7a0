package dev.portcullis.config;

import java.time.Duration;
import java.util.Objects;

/** {@code upstream.pool}: idle keep-alive connections kept per origin and per event loop (0 = no pooling). */
public record PoolSection(int maxIdlePerHost, Duration idleTimeout) {

    static final Bounds.Count MAX_IDLE_PER_HOST = new Bounds.Count(0, 1024);
    static final Bounds.Time IDLE_TIMEOUT = Bounds.Time.of("1ms", "1h");

    public PoolSection {
        MAX_IDLE_PER_HOST.check(maxIdlePerHost);
        IDLE_TIMEOUT.check(Objects.requireNonNull(idleTimeout, "idleTimeout"));
    }
}
