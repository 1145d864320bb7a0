package dev.portcullis.proxy.observe;

import dev.portcullis.tls.mint.LeafSpec;
import dev.portcullis.tls.mint.MintListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Binds leaf-cache events from tls-inspect to meters. Thread-safe and allocation-free, as MintListener asks. */
final class MintMeters implements MintListener {
    private final Timer mint;
    private final Counter failures;
    private final Counter hits;
    private final Counter misses;

    MintMeters(MeterRegistry registry) {
        Duration[] buckets = ProxyMetrics.buckets(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1);
        mint = Timer.builder("portcullis.tls.leaf.mint").serviceLevelObjectives(buckets)
                .description("Time to mint a leaf certificate (key generation and signing)").register(registry);
        failures = Counter.builder("portcullis.tls.leaf.mint.failures")
                .description("Leaf mints or context builds that failed").register(registry);
        hits = Counter.builder("portcullis.tls.leaf.cache.requests").tag("result", "hit")
                .description("Leaf cache lookups by result").register(registry);
        misses = Counter.builder("portcullis.tls.leaf.cache.requests").tag("result", "miss")
                .description("Leaf cache lookups by result").register(registry);
    }

    @Override
    public void minted(LeafSpec spec, long nanos) {
        mint.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void failed(LeafSpec spec, Throwable cause) {
        failures.increment();
    }

    @Override
    public void hit() {
        hits.increment();
    }

    @Override
    public void miss() {
        misses.increment();
    }
}
