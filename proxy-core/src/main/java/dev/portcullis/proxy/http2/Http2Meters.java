package dev.portcullis.proxy.http2;

import dev.portcullis.proxy.observe.ProxyMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the HTTP/2 frontend did, as counters in the daemon's registry: {@code portcullis.http2.connections} (ALPN
 * chose h2) and {@code portcullis.http2.streams} by {@code kind} (connect, inspect, forward, refused, auth_refused).
 * Operators see from these whether clients (browsers using an HTTPS proxy) really speak h2 to the proxy.
 */
final class Http2Meters {
    private final MeterRegistry registry;

    private Http2Meters(MeterRegistry registry) {
        this.registry = registry;
    }

    static Http2Meters of(ProxyMetrics metrics) {
        return new Http2Meters(metrics.registry());
    }

    void connection() {
        Counter.builder("portcullis.http2.connections").description("Client connections that negotiated h2")
                .register(registry).increment();
    }

    void stream(String kind) {
        // Micrometer returns the already registered counter for the same name and tags: no map of our own.
        Counter.builder("portcullis.http2.streams").tag("kind", kind)
                .description("HTTP/2 client streams by what became of them").register(registry).increment();
    }
}
