package dev.portcullis.config.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portcullis.policy.ExecutionContext;
import dev.portcullis.policy.gateway.GatewayContexts;
import dev.portcullis.policy.gateway.Identity;
import dev.portcullis.policy.rules.Decision;
import dev.portcullis.policy.rules.EvaluationMode;
import dev.portcullis.policy.rules.Rule;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The loader's two evaluation modes agree on every phase of a realistic document, over seeded random facts that
 * mix hosts the rules name with hosts they do not.
 */
class CompiledMatchesReferenceTest {
    private static final String[] HOSTS = {"example.net", "www.example.net", "casino.example", "a.casino.example",
        "bank.example", "x.mybank.example", "app.corp.example", "wiki.corp.example", "docs.corp.example",
        "us04web.zoom.us", "slack.com", "news.example", "192.0.2.10", "betting.example", "example"};
    private static final String[] PATHS = {"/", "/admin", "/admin/users", "/home", "/x?y"};
    private static final String[] IPS = {"192.0.2.10", "198.51.100.20", "203.0.113.5", "2001:db8::1"};
    private static final int[] PORTS = {22, 80, 443, 8443};

    @Test
    void sameDecisionsOnRandomFacts() throws Exception {
        IntelligenceFile intel = IntelligenceFile.parse("sample-intel.json",
                OrgPolicyDecisionsTest.resource("/intel/sample-intel.json"));
        byte[] doc = OrgPolicyDecisionsTest.resource("/policy/realistic.json");
        PolicyDocumentLoader loader = new PolicyDocumentLoader(intel);
        OrgPolicy compiled = loader.parse("acme", "realistic.json", doc);
        OrgPolicy reference = loader.withEvaluationMode(EvaluationMode.REFERENCE).parse("acme", "realistic.json", doc);

        long seed = 0x5eed_2026L;
        Random random = new Random(seed);
        for (int i = 0; i < 3_000; i++) {
            String host = HOSTS[random.nextInt(HOSTS.length)];
            Identity who = random.nextBoolean() ? Facts.user("Security") : Facts.user("Engineering", "Sales");
            var connect = Facts.connect(host, IPS[random.nextInt(IPS.length)], PORTS[random.nextInt(PORTS.length)],
                    who);
            String msg = "seed " + seed + " case " + i + " host " + host;
            ConnectDecision a = compiled.decideConnect(connect);
            ConnectDecision b = reference.decideConnect(connect);
            assertEquals(b.inspect(), a.inspect(), msg);
            assertSame(b.decision(), a.decision(), msg);
            assertSame(reference.decideNetwork(connect), compiled.decideNetwork(connect), msg);
            var request = Facts.request(host, PATHS[random.nextInt(PATHS.length)], who);
            Decision decided = compiled.decideRequest(request);
            assertSame(reference.decideRequest(request), decided, msg);
            // The policy fills only the fields its rules read, in a reused context: the first matching rule must
            // be the one a fresh context with every field finds.
            ExecutionContext full = GatewayContexts.request(request, compiled.intelligence());
            assertEquals(compiled.httpRules().firstMatch(full).map(Rule::name).orElse(null),
                    decided.rule() == null ? null : decided.rule().name(), msg);
        }
    }

    private static void assertSame(Decision expected, Decision actual, String msg) {
        assertEquals(expected.action(), actual.action(), msg);
        assertEquals(expected.phase(), actual.phase(), msg);
        assertEquals(expected.rule() == null ? null : expected.rule().name(),
                actual.rule() == null ? null : actual.rule().name(), msg);
        assertEquals(expected.reason(), actual.reason(), msg);
    }
}
