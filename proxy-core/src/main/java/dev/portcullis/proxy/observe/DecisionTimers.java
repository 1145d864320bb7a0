package dev.portcullis.proxy.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Policy decision latency by phase and action. Two-level map so a lookup never concatenates or allocates; the
 * number of distinct pairs is bounded.
 */
final class DecisionTimers {
    private static final int MAX_PAIRS = 64;

    private final MeterRegistry registry;
    private final Duration[] buckets;
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, Timer>> byPhase = new ConcurrentHashMap<>();
    private final AtomicInteger pairs = new AtomicInteger();

    DecisionTimers(MeterRegistry registry, Duration[] buckets) {
        this.registry = registry;
        this.buckets = buckets;
    }

    void record(long nanos, String phase, String action) {
        timer(phase == null ? "none" : phase, action == null ? "none" : action).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer timer(String phase, String action) {
        ConcurrentHashMap<String, Timer> byAction = byPhase.get(phase);
        Timer t = byAction == null ? null : byAction.get(action);
        if (t != null) {
            return t;
        }
        if (pairs.get() >= MAX_PAIRS) {
            phase = "other";
            action = "other";
        }
        String p = phase;
        String a = action;
        return byPhase.computeIfAbsent(p, x -> new ConcurrentHashMap<>()).computeIfAbsent(a, x -> {
            pairs.incrementAndGet();
            return Timer.builder("portcullis.policy.decision").tag("phase", p).tag("action", a)
                    .description("Time to evaluate the policy for one phase of a request or tunnel")
                    .serviceLevelObjectives(buckets).register(registry);
        });
    }
}
