package dev.portcullis.proxy.observe;

import dev.portcullis.tls.mint.MintListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.PooledByteBufAllocator;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * The daemon's Prometheus metrics. Every meter on the request path is registered up front or cached on first use,
 * so recording is a lookup in a small array or map and an atomic add: no tag maps are built per request.
 * Names follow Prometheus conventions ({@code _total}, {@code _seconds}, {@code _bytes}); docs/operations.md lists
 * them with their meaning.
 */
public final class ProxyMetrics implements AutoCloseable {
    /** The Prometheus text exposition format that {@link #scrape()} produces. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Duration[] FAST_BUCKETS = buckets(0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005,
            0.001, 0.0025, 0.005, 0.01, 0.05);
    private static final Duration[] NETWORK_BUCKETS = buckets(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
            0.1, 0.25, 0.5, 1, 2.5, 5, 10);
    private static final Duration[] EXCHANGE_BUCKETS = buckets(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
            1, 2.5, 5, 10, 30, 60, 300);

    private final PrometheusMeterRegistry registry;
    private final JvmGcMetrics gcMetrics;
    private final AccessMeters access;
    private final DecisionTimers decisions;
    private final AtomicInteger activeTunnels = new AtomicInteger();
    private final Timer connectOk;
    private final Timer connectFailed;
    private final Timer dnsOk;
    private final Timer dnsFailed;
    private final Counter poolHits;
    private final Counter poolMisses;
    private final ConcurrentHashMap<String, Counter[]> reloads = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, PolicyVersion> policyVersions = new ConcurrentHashMap<>();
    private final MintListener mintListener;
    private final Http2Meters http2;

    private ProxyMetrics(boolean jvm) {
        this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        if (jvm) {
            new JvmMemoryMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            gcMetrics = new JvmGcMetrics();
            gcMetrics.bindTo(registry);
        } else {
            gcMetrics = null;
        }
        ByteBufAllocatorMetric netty = PooledByteBufAllocator.DEFAULT.metric();
        Gauge.builder("portcullis.netty.allocator.memory.used", netty, ByteBufAllocatorMetric::usedDirectMemory)
                .tag("area", "direct").baseUnit("bytes")
                .description("Memory held by Netty's pooled allocator").register(registry);
        Gauge.builder("portcullis.netty.allocator.memory.used", netty, ByteBufAllocatorMetric::usedHeapMemory)
                .tag("area", "heap").baseUnit("bytes")
                .description("Memory held by Netty's pooled allocator").register(registry);
        Gauge.builder("portcullis.tunnels.active", activeTunnels, AtomicInteger::get)
                .description("CONNECT tunnels currently relaying").register(registry);
        this.access = new AccessMeters(registry, EXCHANGE_BUCKETS);
        this.decisions = new DecisionTimers(registry, FAST_BUCKETS);
        this.connectOk = timer("portcullis.upstream.connect", "outcome", "success",
                "Time to open a TCP connection to an origin (per attempted address)", NETWORK_BUCKETS);
        this.connectFailed = timer("portcullis.upstream.connect", "outcome", "failure",
                "Time to open a TCP connection to an origin (per attempted address)", NETWORK_BUCKETS);
        this.dnsOk = timer("portcullis.dns.resolution", "outcome", "success",
                "Time to resolve an origin's name (cache hits included)", NETWORK_BUCKETS);
        this.dnsFailed = timer("portcullis.dns.resolution", "outcome", "failure",
                "Time to resolve an origin's name (cache hits included)", NETWORK_BUCKETS);
        this.poolHits = Counter.builder("portcullis.upstream.pool.requests").tag("result", "hit")
                .description("Forwarded requests that reused an idle origin connection, or had to dial")
                .register(registry);
        this.poolMisses = Counter.builder("portcullis.upstream.pool.requests").tag("result", "miss")
                .description("Forwarded requests that reused an idle origin connection, or had to dial")
                .register(registry);
        this.mintListener = new MintMeters(registry);
        this.http2 = new Http2Meters(registry);
    }

    /** Counters of the HTTP/2 frontend: connections that chose h2, streams by what became of them. */
    public Http2Meters http2() {
        return http2;
    }

    /** Metrics with the JVM, GC, thread, CPU and uptime binders: what the daemon serves. */
    public static ProxyMetrics create() {
        return new ProxyMetrics(true);
    }

    /** Proxy meters only: for tests and tools that build services without a daemon. */
    public static ProxyMetrics withoutJvmMetrics() {
        return new ProxyMetrics(false);
    }

    /**
     * One shared instance nobody scrapes, for code paths built without a daemon (unit tests, tools): callers never
     * need a null check.
     */
    public static ProxyMetrics unpublished() {
        return Unpublished.INSTANCE;
    }

    private static final class Unpublished {
        static final ProxyMetrics INSTANCE = new ProxyMetrics(false);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The current values in the Prometheus text format ({@link #CONTENT_TYPE}). */
    public String scrape() {
        return registry.scrape();
    }

    /** Wraps an access logger so every record it receives is counted first. */
    public AccessLogger metering(AccessLogger next) {
        return new MeteringAccessLogger(access, next);
    }

    /** Publishes the number of open client connections, read when scraped. */
    public void bindActiveConnections(IntSupplier active) {
        Gauge.builder("portcullis.client.connections.active", active, IntSupplier::getAsInt)
                .description("Client connections currently open on the proxy listeners").register(registry);
    }

    public void tunnelOpened() {
        activeTunnels.incrementAndGet();
    }

    public void tunnelClosed() {
        activeTunnels.decrementAndGet();
    }

    public int activeTunnels() {
        return activeTunnels.get();
    }

    public void upstreamConnect(long nanos, boolean success) {
        (success ? connectOk : connectFailed).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void dnsResolution(long nanos, boolean success) {
        (success ? dnsOk : dnsFailed).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void poolHit() {
        poolHits.increment();
    }

    public void poolMiss() {
        poolMisses.increment();
    }

    /**
     * One policy evaluation. {@code phase} and {@code action} must come from small fixed sets (phase and action
     * enum names); past a bound, unseen pairs are counted as {@code other} so a bug cannot explode cardinality.
     */
    public void policyDecision(long nanos, String phase, String action) {
        decisions.record(nanos, phase, action);
    }

    /** For {@code LeafCache}: mint time, mint failures, and leaf cache hits and misses. */
    public MintListener mintListener() {
        return mintListener;
    }

    /**
     * The organisations this daemon serves: their traffic and reload counters exist (at zero) from now on, and
     * {@code unattributed} tags traffic refused before it could be attributed to one of them.
     */
    public void organisations(java.util.Collection<String> orgs, String unattributed) {
        orgs.forEach(o -> {
            access.register(o);
            reloadCounters(o);
        });
        access.register(unattributed);
        access.unattributed(unattributed);
    }

    private Counter[] reloadCounters(String org) {
        return reloads.computeIfAbsent(org, o -> new Counter[]{
                Counter.builder("portcullis.policy.reloads").tag("org", o).tag("result", "success")
                        .description("Policy loads and reloads by organisation and result").register(registry),
                Counter.builder("portcullis.policy.reloads").tag("org", o).tag("result", "failure")
                        .description("Policy loads and reloads by organisation and result").register(registry)});
    }

    /** A policy document for {@code org} was compiled and swapped in. */
    public void policyReloaded(String org, long version) {
        reloadCounters(org)[0].increment();
        policyVersions.computeIfAbsent(org, o -> new PolicyVersion(registry, o)).set(version);
    }

    /** A policy document for {@code org} failed to load; the last good one stays. */
    public void policyReloadFailed(String org) {
        reloadCounters(org)[1].increment();
    }

    private Timer timer(String name, String tag, String value, String description, Duration[] buckets) {
        return Timer.builder(name).tag(tag, value).description(description)
                .serviceLevelObjectives(buckets).register(registry);
    }

    static Duration[] buckets(double... seconds) {
        Duration[] out = new Duration[seconds.length];
        for (int i = 0; i < seconds.length; i++) {
            out[i] = Duration.ofNanos(Math.round(seconds[i] * 1e9));
        }
        return out;
    }

    @Override
    public void close() {
        if (gcMetrics != null) {
            gcMetrics.close();
        }
        registry.close();
    }

    private static final class PolicyVersion {
        private volatile long version;

        PolicyVersion(MeterRegistry registry, String org) {
            Gauge.builder("portcullis.policy.version", this, v -> v.version).tag("org", org)
                    .description("Version of the policy document in force, per organisation").register(registry);
        }

        void set(long v) {
            version = v;
        }
    }
}
