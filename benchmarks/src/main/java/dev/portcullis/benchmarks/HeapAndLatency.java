package dev.portcullis.benchmarks;

import dev.portcullis.config.policy.OrgPolicy;
import dev.portcullis.policy.ExecutionContext;
import dev.portcullis.policy.gateway.ConnectionFacts;
import dev.portcullis.policy.gateway.GatewayContexts;
import dev.portcullis.policy.gateway.Intelligence;
import dev.portcullis.policy.gateway.PolicyContexts;
import dev.portcullis.policy.gateway.RequestFacts;
import dev.portcullis.policy.rules.Action;
import dev.portcullis.policy.rules.EvaluationMode;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * Retained heap of the compiled generated policy (GC, then heap used, before and after) and the latency
 * distribution of single decisions, recorded one by one into an HdrHistogram. JMH gives averages; the p99 of one
 * decision is what a request waiting behind it feels.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.portcullis.benchmarks.HeapAndLatency [decisions]}.
 */
public final class HeapAndLatency {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private HeapAndLatency() {
    }

    public static void main(String[] args) {
        int decisions = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        PolicyGenerator.Generated g = PolicyGenerator.standard(Fixture.SEED);
        System.out.printf("generated policy: %d rules, %.1f MiB of JSON, %d request facts%n", g.ruleCount(),
                g.json().length / 1048576.0, g.requests().size());

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long before = usedAfterGc();
        long t0 = System.nanoTime();
        long c0 = threads.getCurrentThreadCpuTime();
        OrgPolicy compiled = Fixture.load(g, EvaluationMode.COMPILED);
        long compileCpu = (threads.getCurrentThreadCpuTime() - c0) / 1_000_000;
        long compileMillis = (System.nanoTime() - t0) / 1_000_000;
        long after = usedAfterGc();
        System.out.printf("compile (first, cold JVM): %d ms wall, %d ms CPU of the loading thread%n", compileMillis,
                compileCpu);
        // Warm repeats: the daemon's reloads run in a warm JVM. CPU time is reported because wall time on a
        // shared machine mostly measures the neighbours.
        long bestWall = Long.MAX_VALUE;
        long bestCpu = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long w = System.nanoTime();
            long c = threads.getCurrentThreadCpuTime();
            Fixture.load(g, EvaluationMode.COMPILED);
            bestCpu = Math.min(bestCpu, (threads.getCurrentThreadCpuTime() - c) / 1_000_000);
            bestWall = Math.min(bestWall, (System.nanoTime() - w) / 1_000_000);
        }
        System.out.printf("compile (warm, best of 3): %d ms wall, %d ms CPU of the loading thread%n", bestWall,
                bestCpu);
        System.out.printf("retained heap of compiled policy: %.1f MiB (heap used %.1f -> %.1f MiB)%n",
                (after - before) / 1048576.0, before / 1048576.0, after / 1048576.0);

        RequestFacts[] requests = g.requests().toArray(RequestFacts[]::new);
        ConnectionFacts[] connections = g.connections().toArray(ConnectionFacts[]::new);
        Map<Action, Integer> mix = new EnumMap<>(Action.class);
        for (RequestFacts r : requests) {
            mix.merge(compiled.decideRequest(r).action(), 1, Integer::sum);
        }
        System.out.println("request decision mix over the fact set: " + mix);

        Intelligence intel = Fixture.intelligence(g);
        Measured ctx = measureContexts(r -> GatewayContexts.request(r, intel), requests, decisions);
        // What a decision now builds: the thread's reused context (here with every field, so an upper bound).
        PolicyContexts reused = PolicyContexts.allFields(intel);
        Measured ctxReused = measureContexts(reused::request, requests, decisions);
        Measured req = measure(compiled, requests, null, decisions);
        Measured con = measure(compiled, null, connections, decisions);
        report("request context only", ctx);
        report("reused context, all fields", ctxReused);
        report("compiled decideRequest", req);
        report("compiled decideConnect", con);

        OrgPolicy reference = Fixture.load(g, EvaluationMode.REFERENCE);
        int refDecisions = Math.max(20_000, decisions / 50);
        Measured refReq = measure(reference, requests, null, refDecisions);
        report("reference decideRequest", refReq);
        System.out.printf("reference/compiled at p50: %.1fx, mean: %.1fx, CPU: %.1fx%n",
                (double) refReq.h().getValueAtPercentile(50) / Math.max(1, req.h().getValueAtPercentile(50)),
                refReq.h().getMean() / Math.max(1e-9, req.h().getMean()), refReq.cpuNs() / req.cpuNs());
        // Keep the compiled policy reachable until here so the heap figure above is its retained size.
        System.out.println("policy " + compiled.version() + " " + compiled.ruleCount() + " rules");
    }

    /**
     * A latency histogram plus the measuring thread's CPU time per operation over the same loop: on a shared,
     * noisy machine the CPU figure is the steadier of the two (it includes the two clock reads per operation).
     */
    private record Measured(Histogram h, double cpuNs) {
    }

    private static Measured measure(OrgPolicy p, RequestFacts[] requests, ConnectionFacts[] connections, int n) {
        Histogram h = new Histogram(60_000_000_000L, 3);
        int len = requests != null ? requests.length : connections.length;
        long sink = 0;
        // Warm-up with the same loop so the JIT compiles what is measured.
        for (int i = 0; i < Math.min(n, 300_000); i++) {
            sink += requests != null ? p.decideRequest(requests[i % len]).action().ordinal()
                    : p.decideConnect(connections[i % len]).decision().action().ordinal();
        }
        long cpu = CPU.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            sink += requests != null ? p.decideRequest(requests[i % len]).action().ordinal()
                    : p.decideConnect(connections[i % len]).decision().action().ordinal();
            h.recordValue(System.nanoTime() - s);
        }
        cpu = CPU.getCurrentThreadCpuTime() - cpu;
        if (sink == 42) {
            System.out.print("");
        }
        return new Measured(h, (double) cpu / n);
    }

    /** Building the execution context alone, to split a decision's cost. */
    private static Measured measureContexts(Function<RequestFacts, ExecutionContext> build, RequestFacts[] requests,
                                            int n) {
        Histogram h = new Histogram(60_000_000_000L, 3);
        long sink = 0;
        for (int i = 0; i < Math.min(n, 300_000); i++) {
            sink += build.apply(requests[i % requests.length]).hashCode();
        }
        long cpu = CPU.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
            long s = System.nanoTime();
            sink += build.apply(requests[i % requests.length]).hashCode();
            h.recordValue(System.nanoTime() - s);
        }
        cpu = CPU.getCurrentThreadCpuTime() - cpu;
        if (sink == 42) {
            System.out.print("");
        }
        return new Measured(h, (double) cpu / n);
    }

    private static void report(String what, Measured m) {
        Histogram h = m.h();
        System.out.printf("%-27s n=%d p50=%d ns p90=%d ns p99=%d ns p99.9=%d ns max=%d ns mean=%.0f ns"
                + " cpu=%.0f ns/op%n", what, h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(90),
                h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue(), h.getMean(), m.cpuNs());
    }

    private static long usedAfterGc() {
        MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        // Several rounds: one System.gc() may leave floating garbage; take the settled minimum.
        for (int i = 0; i < 5; i++) {
            System.gc();
            used = Math.min(used, mx.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
