package dev.portcullis.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.portcullis.policy.gateway.GatewayScheme;
import dev.portcullis.policy.rules.Action;
import dev.portcullis.policy.rules.EvaluationMode;
import dev.portcullis.policy.rules.Phase;
import dev.portcullis.policy.rules.Rule;
import dev.portcullis.policy.rules.RuleSet;
import dev.portcullis.policy.rules.RuleSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Compiled engine == reference interpreter, for random filters and random whole rule sets. */
class DifferentialTest {
    private static final long SEED = 20261127L;

    @Test
    void compiledFiltersAgreeWithTheReference() throws Exception {
        Random r = new Random(SEED);
        RandomPolicy gen = new RandomPolicy(r);
        int trues = 0;
        int total = 0;
        for (int i = 0; i < 2000; i++) {
            String src = gen.cond(3);
            CompiledFilter compiled;
            CompiledFilter reference;
            try {
                compiled = FilterCompiler.compile(GatewayScheme.scheme(), src, RandomPolicy.LISTS, Phase.HTTP,
                        ParserSettings.defaults());
                reference = FilterCompiler.reference(GatewayScheme.scheme(), src, RandomPolicy.LISTS, Phase.HTTP,
                        ParserSettings.defaults());
            } catch (PolicyParseException e) {
                fail("seed " + SEED + " case " + i + ": generated expression does not compile: "
                        + e.render("") + "\n" + src);
                return;
            }
            for (int c = 0; c < 15; c++) {
                ExecutionContext ctx = gen.context();
                boolean want = reference.execute(ctx);
                assertEquals(want, compiled.execute(ctx), () -> "seed " + SEED + ": " + src);
                trues += want ? 1 : 0;
                total++;
            }
        }
        // Guard against a generator that only ever produces false (or true): the comparison would be vacuous.
        assertTrue(trues > total / 10 && trues < total * 9 / 10, "true results " + trues + " of " + total);
    }

    @Test
    void indexedRuleSetsAgreeWithTheLinearReference() throws Exception {
        Random r = new Random(SEED + 1);
        RandomPolicy gen = new RandomPolicy(r);
        String[] indexable = {
            "http.request.host == \"{h}\"", "http.request.host in {\"{h}\" \"x.test\"}",
            "any(http.request.domains[*] == \"{h}\")", "any(http.request.domains[*] in $doms)",
            "http.request.host in $doms2", "net.dst.port == {n}", "net.dst.port in {{n} 8000..8010}",
            "any(http.request.uri.content_category[*] in {{n}})", "any(identity.groups.name[*] in {\"Staff\"})",
            "any(net.sni.domains[*] in $doms2)", "net.dst.ip in $ips", "net.src.ip in {10.0.0.0/25 2001:db8::/33}",
            "net.dst.ip == 10.0.0.1", "http.conn.dst_ip in {10.0.0.1..10.0.0.9}"};
        int matched = 0;
        int decisions = 0;
        for (int set = 0; set < 200; set++) {
            List<RuleSource> sources = new ArrayList<>();
            int n = 1 + r.nextInt(40);
            for (int i = 0; i < n; i++) {
                String cond;
                if (r.nextInt(3) > 0) {
                    String key = fill(indexable[r.nextInt(indexable.length)], r);
                    cond = switch (r.nextInt(4)) {
                        case 0 -> key;
                        case 1 -> key + " and " + gen.cond(1);
                        case 2 -> "(" + key + ") or (" + fill(indexable[r.nextInt(indexable.length)], r) + ")";
                        default -> gen.cond(1) + " and " + key;
                    };
                } else {
                    cond = gen.cond(2);
                }
                List<RuleSource.Condition> conds = new ArrayList<>();
                conds.add(new RuleSource.Condition("traffic", cond));
                if (r.nextInt(4) == 0) {
                    conds.add(new RuleSource.Condition("identity", r.nextBoolean() ? ""
                            : "not(any(identity.groups.name[*] in {\"Security\"}))"));
                }
                sources.add(new RuleSource("id" + i, "rule " + i, r.nextInt(20) * 100, Action.BLOCK, null, conds));
            }
            RuleSet compiled = RuleSet.compile(Phase.HTTP, sources, GatewayScheme.scheme(), RandomPolicy.LISTS,
                    ParserSettings.defaults(), EvaluationMode.COMPILED);
            RuleSet reference = RuleSet.compile(Phase.HTTP, sources, GatewayScheme.scheme(), RandomPolicy.LISTS,
                    ParserSettings.defaults(), EvaluationMode.REFERENCE);
            for (int c = 0; c < 30; c++) {
                ExecutionContext ctx = gen.context();
                Optional<Rule> want = reference.firstMatch(ctx);
                Optional<Rule> got = compiled.firstMatch(ctx);
                int setNo = set;
                assertEquals(want.map(Rule::name), got.map(Rule::name),
                        () -> "seed " + (SEED + 1) + " set " + setNo + ": " + describe(sources));
                matched += want.isPresent() ? 1 : 0;
                decisions++;
                assertTrue(compiled.candidateCount(ctx) <= compiled.size());
            }
        }
        assertTrue(matched > decisions / 10 && matched < decisions * 95 / 100,
                "matches " + matched + " of " + decisions);
    }

    private static String describe(List<RuleSource> sources) {
        StringBuilder sb = new StringBuilder();
        for (RuleSource s : sources) {
            sb.append("\n  ").append(s.name()).append(" @").append(s.precedence()).append(": ")
                    .append(s.conditions().stream().map(RuleSource.Condition::source).toList());
        }
        return sb.toString();
    }

    private static String fill(String template, Random r) {
        return template.replace("{h}", RandomPolicy.HOSTS[r.nextInt(RandomPolicy.HOSTS.length)])
                .replace("{n}", String.valueOf(RandomPolicy.INTS[r.nextInt(RandomPolicy.INTS.length)]));
    }
}
