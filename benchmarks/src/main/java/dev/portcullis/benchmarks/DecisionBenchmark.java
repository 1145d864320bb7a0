package dev.portcullis.benchmarks;

import dev.portcullis.config.policy.ConnectDecision;
import dev.portcullis.config.policy.OrgPolicy;
import dev.portcullis.policy.gateway.ConnectionFacts;
import dev.portcullis.policy.gateway.RequestFacts;
import dev.portcullis.policy.rules.Decision;
import dev.portcullis.policy.rules.EvaluationMode;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One decision (facts → context → first matching rule) on the generated policy, cycling through a fixed mix of
 * hitting and missing facts, for the compiled engine and the reference interpreter on the same rules.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DecisionBenchmark {
    @Param({"COMPILED", "REFERENCE"})
    public EvaluationMode mode;

    private OrgPolicy policy;
    private RequestFacts[] requests;
    private ConnectionFacts[] connections;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        PolicyGenerator.Generated g = PolicyGenerator.standard(Fixture.SEED);
        policy = Fixture.load(g, mode);
        requests = g.requests().toArray(RequestFacts[]::new);
        connections = g.connections().toArray(ConnectionFacts[]::new);
    }

    @Benchmark
    public Decision request() {
        int i = next++ & Integer.MAX_VALUE;
        return policy.decideRequest(requests[i % requests.length]);
    }

    @Benchmark
    public ConnectDecision connect() {
        int i = next++ & Integer.MAX_VALUE;
        return policy.decideConnect(connections[i % connections.length]);
    }

}
