package dev.portcullis.policy.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.policy.CompiledFilter;
import dev.portcullis.policy.ExecutionContext;
import dev.portcullis.policy.FilterCompiler;
import dev.portcullis.policy.ParserSettings;
import dev.portcullis.policy.gateway.ConnectionFacts;
import dev.portcullis.policy.gateway.GatewayContexts;
import dev.portcullis.policy.gateway.GatewayScheme;
import dev.portcullis.policy.gateway.Identity;
import dev.portcullis.policy.gateway.Intelligence;
import dev.portcullis.policy.lists.ListType;
import dev.portcullis.policy.lists.PolicyLists;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuleSetTest {
    private static ExecutionContext conn(String host, int port, String dstIp) throws Exception {
        return GatewayContexts.network(new ConnectionFacts(InetAddress.getByName("10.9.9.9"), 40000, host,
                InetAddress.getByName(dstIp), port, null, "tcp", "main", Identity.ANONYMOUS), Intelligence.NONE);
    }

    @Test
    void indexTouchesOnlyCandidateRulesAndKeepsPrecedence() throws Exception {
        List<String> domains = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            domains.add("site" + i + ".example");
        }
        List<String> cidrs = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            cidrs.add("10." + (i / 256) + "." + (i % 256) + ".0/24");
        }
        PolicyLists lists = PolicyLists.builder().add("big", null, ListType.DOMAIN, domains)
                .add("nets", null, ListType.IP, cidrs).build();
        List<RuleSource> sources = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            sources.add(new RuleSource(null, "host " + i, 1000 + i, Action.BLOCK, null,
                    List.of(new RuleSource.Condition("traffic", "http.request.host == \"h" + i + ".example\""))));
        }
        sources.add(new RuleSource(null, "list", 5000, Action.OFF, null,
                List.of(new RuleSource.Condition("traffic", "any(http.request.domains[*] in $big)"))));
        sources.add(new RuleSource(null, "nets", 4000, Action.ON, null,
                List.of(new RuleSource.Condition("traffic", "net.dst.ip in $nets and http.conn.dst_port in {443 8443}"))));
        sources.add(new RuleSource(null, "early host", 10, Action.ALLOW, null,
                List.of(new RuleSource.Condition("traffic", "http.request.host == \"h7.example\""))));
        RuleSet set = RuleSet.compile(Phase.TLS_INSPECTION, sources, GatewayScheme.scheme(), lists,
                ParserSettings.defaults(), EvaluationMode.COMPILED);
        assertEquals(503, set.indexedRules());

        ExecutionContext h7 = conn("h7.example", 443, "192.0.2.1");
        assertEquals(Optional.of("early host"), set.firstMatch(h7).map(Rule::name));
        assertEquals(2, set.candidateCount(h7));

        ExecutionContext listed = conn("a.site42.example", 443, "10.1.2.3");
        assertEquals(Optional.of("nets"), set.firstMatch(listed).map(Rule::name));
        assertEquals(2, set.candidateCount(listed));

        ExecutionContext other = conn("elsewhere.example", 80, "10.1.2.3");
        assertEquals(Optional.empty(), set.firstMatch(other));
        assertEquals(1, set.candidateCount(other));
    }

    @Test
    void restrictedToKeepsOnlyRulesWhoseFieldsExistBeforeDecryption() throws Exception {
        PolicyLists lists = PolicyLists.EMPTY;
        List<Rule> rules = new ArrayList<>();
        String[] conditions = {"http.request.host == \"a.example\"", "http.request.uri.path contains \"/x\"",
            "any(http.request.domains[*] == \"b.example\")"};
        for (int i = 0; i < conditions.length; i++) {
            CompiledFilter f = FilterCompiler.compile(GatewayScheme.scheme(), conditions[i], lists, Phase.HTTP,
                    ParserSettings.defaults());
            rules.add(new Rule("r" + i, "rule " + i, i, Action.BLOCK, Phase.HTTP, f, null));
        }
        rules.add(new Rule("opaque", "opaque", 99, Action.BLOCK, Phase.HTTP, ctx -> true, null));
        RuleSet http = RuleSet.of(Phase.HTTP, rules);
        RuleSet before = http.restrictedTo(Phase.TLS_INSPECTION);
        assertEquals(List.of("rule 0", "rule 2"), before.rules().stream().map(Rule::name).toList());
        assertEquals(Phase.TLS_INSPECTION, before.phase());
        Decision d = before.decide(conn("x.b.example", 443, "192.0.2.1"), Action.ALLOW, "no rule");
        assertEquals(Action.BLOCK, d.action());
        assertEquals("rule 2", d.rule().name());
        assertTrue(d.reason().contains("rule 2"), d.reason());
        Decision none = before.decide(conn("c.example", 443, "192.0.2.1"), Action.ALLOW, "no rule");
        assertEquals(Decision.byDefault(Action.ALLOW, Phase.TLS_INSPECTION, "no rule"), none);
    }

    @Test
    void compileCollectsEveryBrokenCondition() {
        List<RuleSource> sources = List.of(
                new RuleSource("a", "Block gambling", 1, Action.BLOCK, null,
                        List.of(new RuleSource.Condition("traffic", "http.request.hots == \"x\""),
                                new RuleSource.Condition("identity", "identity.email == 1"))),
                new RuleSource("b", "fine", 2, Action.BLOCK, null,
                        List.of(new RuleSource.Condition("traffic", "net.dst.port == 1"))));
        RuleSetException e = org.junit.jupiter.api.Assertions.assertThrows(RuleSetException.class,
                () -> RuleSet.compile(Phase.HTTP, sources, GatewayScheme.scheme(), PolicyLists.EMPTY, null,
                        EvaluationMode.COMPILED));
        assertEquals(2, e.errors().size());
        assertEquals("policy.json rules[0] \"Block gambling\" traffic 1:1: unknown field 'http.request.hots'; "
                + "did you mean 'http.request.host'?", e.errors().get(0).render("policy.json").lines().findFirst()
                .orElseThrow());
        assertEquals("identity", e.errors().get(1).label());
    }

    @Test
    void fieldsReadAreTheUnionOfEveryConditionAndUnknownWithACustomFilter() throws Exception {
        List<RuleSource> sources = List.of(
                new RuleSource("a", "hosts", 1, Action.BLOCK, null, List.of(
                        new RuleSource.Condition("traffic", "any(http.request.domains[*] == \"x.example\")"),
                        new RuleSource.Condition("identity", "any(identity.groups[*].name == \"Sales\")"))),
                new RuleSource("b", "ports", 2, Action.ALLOW, null,
                        List.of(new RuleSource.Condition("traffic", "net.dst.port == 22"))));
        RuleSet set = RuleSet.compile(Phase.HTTP, sources, GatewayScheme.scheme(), PolicyLists.EMPTY, null,
                EvaluationMode.COMPILED);
        assertEquals(java.util.Set.of(GatewayScheme.HTTP_DOMAINS, GatewayScheme.IDENTITY_GROUPS_NAME,
                GatewayScheme.NET_DST_PORT), set.fieldsRead().orElseThrow());
        assertEquals(java.util.Set.of(), RuleSet.of(Phase.HTTP, List.of()).fieldsRead().orElseThrow());
        Rule custom = new Rule("c", "custom", 3, Action.BLOCK, Phase.HTTP, ctx -> true, null);
        List<Rule> rules = new ArrayList<>(set.rules());
        rules.add(custom);
        assertTrue(RuleSet.of(Phase.HTTP, rules).fieldsRead().isEmpty(), "a custom filter's fields are unknown");
    }
}
