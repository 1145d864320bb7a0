package dev.portcullis.benchmarks;

import dev.portcullis.config.policy.OrgPolicy;
import dev.portcullis.config.policy.PolicyDocumentException;
import dev.portcullis.config.policy.PolicyDocumentLoader;
import dev.portcullis.policy.rules.EvaluationMode;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Loading the whole generated policy from its JSON bytes: parse, validate, build lists, compile every rule. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CompileBenchmark {
    private PolicyGenerator.Generated generated;
    private PolicyDocumentLoader loader;

    @Setup(Level.Trial)
    public void setUp() {
        generated = PolicyGenerator.standard(Fixture.SEED);
        loader = Fixture.loader(generated, EvaluationMode.COMPILED);
    }

    @Benchmark
    public OrgPolicy compileWholePolicy() throws PolicyDocumentException {
        return loader.parse("bench", "generated-policy.json", generated.json());
    }
}
