package dev.portcullis.proxy.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the HTTP/2 frontend did, as counters in the daemon's registry: {@code portcullis.http2.connections} (ALPN
 * chose h2) and {@code portcullis.http2.streams} by {@code kind} (connect, inspect, forward, refused, auth_refused).
 * Operators see from these whether clients (browsers using an HTTPS proxy) really speak h2 to the proxy.
 */
public final class Http2Meters {
    static final List<String> KINDS = List.of("connect", "inspect", "forward", "refused", "auth_refused");

    private final Counter connections;
    private final Map<String, Counter> streams = new HashMap<>();

    /** Built once with the daemon's metrics: a stream costs a map lookup, not a meter registration. */
    Http2Meters(MeterRegistry registry) {
        connections = Counter.builder("portcullis.http2.connections")
                .description("Client connections that negotiated h2").register(registry);
        for (String kind : KINDS) {
            streams.put(kind, Counter.builder("portcullis.http2.streams").tag("kind", kind)
                    .description("HTTP/2 client streams by what became of them").register(registry));
        }
    }

    public void connection() {
        connections.increment();
    }

    public void stream(String kind) {
        Counter c = streams.get(kind);
        if (c == null) {
            throw new IllegalArgumentException("unknown h2 stream kind '" + kind + "'; one of " + KINDS);
        }
        c.increment();
    }
}
