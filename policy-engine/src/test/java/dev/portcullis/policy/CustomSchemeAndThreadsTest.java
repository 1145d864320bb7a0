package dev.portcullis.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.policy.gateway.GatewayScheme;
import dev.portcullis.policy.rules.Action;
import dev.portcullis.policy.rules.EvaluationMode;
import dev.portcullis.policy.rules.Phase;
import dev.portcullis.policy.rules.Rule;
import dev.portcullis.policy.rules.RuleSet;
import dev.portcullis.policy.rules.RuleSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CustomSchemeAndThreadsTest {
    @Test
    void bareBoolFieldIsACondition() throws Exception {
        Scheme s = Scheme.builder()
                .add("http.conn.tls", FieldType.BOOL, EnumSet.of(Phase.HTTP))
                .add("http.request.host", FieldType.BYTES, EnumSet.of(Phase.HTTP))
                .build();
        Field tls = s.field("http.conn.tls").orElseThrow();
        for (boolean reference : new boolean[] {false, true}) {
            CompiledFilter f = reference
                    ? FilterCompiler.reference(s, "http.conn.tls and not http.request.host == \"a\"", null, Phase.HTTP,
                    null)
                    : FilterCompiler.compile(s, "http.conn.tls and not http.request.host == \"a\"", null, Phase.HTTP,
                    null);
            ExecutionContext ctx = s.newContext();
            assertFalse(f.execute(ctx), "absent Bool is false");
            ctx.setBool(tls, true);
            assertTrue(f.execute(ctx));
            ctx.setBool(tls, false);
            assertFalse(f.execute(ctx));
        }
        assertEquals("field 'http.conn.tls' is Bool and is a condition by itself; drop the comparison",
                org.junit.jupiter.api.Assertions.assertThrows(PolicyParseException.class, () ->
                        FilterCompiler.compile(s, "http.conn.tls == 1", null, Phase.HTTP, null)).detail());
    }

    @Test
    void oneRuleSetServesManyThreadsWithTheSameAnswers() throws Exception {
        long seed = 4242;
        Random r = new Random(seed);
        RandomPolicy gen = new RandomPolicy(r);
        List<RuleSource> sources = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            sources.add(new RuleSource(null, "rule " + i, i, Action.BLOCK, null,
                    List.of(new RuleSource.Condition("traffic", gen.cond(2)))));
        }
        RuleSet set = RuleSet.compile(Phase.HTTP, sources, GatewayScheme.scheme(), RandomPolicy.LISTS, null,
                EvaluationMode.COMPILED);
        List<ExecutionContext> contexts = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ExecutionContext c = gen.context();
            contexts.add(c);
            expected.add(set.firstMatch(c).map(Rule::name).orElse("-"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    List<String> out = new ArrayList<>();
                    for (int round = 0; round < 50; round++) {
                        for (ExecutionContext c : contexts) {
                            // contexts are read-only here, so sharing them across threads is allowed
                            out.add(set.firstMatch(c).map(Rule::name).orElse("-"));
                        }
                    }
                    return out;
                }));
            }
            for (Future<List<String>> f : results) {
                List<String> got = f.get(60, TimeUnit.SECONDS);
                for (int i = 0; i < got.size(); i++) {
                    assertEquals(expected.get(i % contexts.size()), got.get(i), "seed " + seed);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
