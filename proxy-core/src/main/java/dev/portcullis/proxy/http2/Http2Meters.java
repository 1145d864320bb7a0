package dev.portcullis.proxy.http2;

import dev.portcullis.proxy.observe.ProxyMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * What the HTTP/2 frontend did, as counters in the daemon's registry: {@code portcullis.http2.connections} (ALPN
 * chose h2) and {@code portcullis.http2.streams} by {@code kind} (connect, inspect, forward, refused, auth_refused).
 * Operators see from these whether clients (browsers using an HTTPS proxy) really speak h2 to the proxy.
 */
final class Http2Meters {
    static final List<String> KINDS = List.of("connect", "inspect", "forward", "refused", "auth_refused");
    /** One set of counters per registry, built once: a stream costs a map lookup, not a meter registration. */
    private static final Map<MeterRegistry, Http2Meters> BY_REGISTRY = Collections.synchronizedMap(new WeakHashMap<>());

    private final Counter connections;
    private final Map<String, Counter> streams = new HashMap<>();

    private Http2Meters(MeterRegistry registry) {
        connections = Counter.builder("portcullis.http2.connections")
                .description("Client connections that negotiated h2").register(registry);
        for (String kind : KINDS) {
            streams.put(kind, Counter.builder("portcullis.http2.streams").tag("kind", kind)
                    .description("HTTP/2 client streams by what became of them").register(registry));
        }
    }

    static Http2Meters of(ProxyMetrics metrics) {
        return BY_REGISTRY.computeIfAbsent(metrics.registry(), Http2Meters::new);
    }

    void connection() {
        connections.increment();
    }

    void stream(String kind) {
        Counter c = streams.get(kind);
        if (c == null) {
            throw new IllegalArgumentException("unknown h2 stream kind '" + kind + "'; one of " + KINDS);
        }
        c.increment();
    }
}
