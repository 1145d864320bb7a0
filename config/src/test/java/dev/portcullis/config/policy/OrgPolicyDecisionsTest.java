package dev.portcullis.config.policy;

import static dev.portcullis.config.policy.Facts.connect;
import static dev.portcullis.config.policy.Facts.request;
import static dev.portcullis.config.policy.Facts.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.policy.gateway.Identity;
import dev.portcullis.policy.rules.Action;
import dev.portcullis.policy.rules.Decision;
import dev.portcullis.policy.rules.Phase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** End-to-end decisions on a realistic document with the shipped sample intelligence file. */
class OrgPolicyDecisionsTest {
    private static final Identity STAFF = user("Engineering");
    private static final Identity SECURITY = user("Security", "Engineering");
    private static byte[] document;
    private static OrgPolicy policy;

    @BeforeAll
    static void load() throws Exception {
        document = resource("/policy/realistic.json");
        IntelligenceFile intel = IntelligenceFile.parse("sample-intel.json", resource("/intel/sample-intel.json"));
        policy = new PolicyDocumentLoader(intel).parse("acme", "realistic.json", document);
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = OrgPolicyDecisionsTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            return in.readAllBytes();
        }
    }

    @Test
    void metadata() {
        assertEquals("acme", policy.orgId());
        assertEquals(12, policy.version().length());
        assertEquals(PolicyStore.sha256Hex(document).substring(0, 12), policy.version());
        assertTrue(policy.tlsDecryptEnabled());
        assertEquals(new BlockPageSettings("Blocked by Example Corp", "Ask it@corp.example"), policy.blockPage());
        assertEquals(7, policy.ruleCount(), "the disabled rule is not in force");
        assertEquals(Action.ALLOW, policy.defaultAction());
    }

    @ParameterizedTest(name = "{0}{1} as {2} -> {3} by {4}")
    @CsvSource(nullValues = "-", value = {
        // host, path, user, action, rule
        "example.net,/,staff,BLOCK,Block gambling",
        "example.net,/,security,ALLOW,-",
        "www.example.net,/,staff,ALLOW,-",
        "casino.example,/,staff,BLOCK,Block gambling",
        "www.casino.example,/play,staff,BLOCK,Block gambling",
        "poker.example,/,security,ALLOW,-",
        "shop.example,/,staff,ALLOW,-",
        "wiki.corp.example,/page,staff,REDIRECT,Old wiki moved",
        "app.corp.example,/admin/users,staff,BLOCK,No admin pages on the internal app",
        "app.corp.example,/home,staff,ALLOW,-",
        "docs.corp.example,/,staff,ALLOW,-",
    })
    void requests(String host, String path, String who, Action action, String ruleName) {
        Decision d = policy.decideRequest(request(host, path, who.equals("security") ? SECURITY : STAFF));
        assertEquals(action, d.action(), d.reason());
        assertEquals(Phase.HTTP, d.phase());
        assertEquals(ruleName, d.rule() == null ? null : d.rule().name(), d.reason());
    }

    @Test
    void blockCarriesReasonAndBlockPage() {
        Decision d = policy.decideRequest(request("casino.example", "/", STAFF));
        assertEquals("Gambling is not allowed at work", d.rule().settings().blockReason());
        assertTrue(d.rule().settings().blockPageEnabled());
        assertTrue(d.reason().contains("Block gambling"), d.reason());
    }

    @Test
    void redirectCarriesTarget() {
        Decision d = policy.decideRequest(request("wiki.corp.example", "/x", STAFF));
        assertEquals("https://docs.corp.example/", d.rule().settings().redirectTarget());
        assertTrue(d.rule().settings().preservePathAndQuery());
    }

    @Test
    void noMatchUsesDefaultAction() {
        Decision d = policy.decideRequest(request("news.example", "/", STAFF));
        assertEquals(Action.ALLOW, d.action());
        assertNull(d.rule());
        assertTrue(d.reason().contains("default_action"), d.reason());
    }

    @Test
    void offRuleMeansNoInspection() {
        for (String host : new String[] {"bank.example", "www.mybank.example"}) {
            ConnectDecision c = policy.decideConnect(connect(host, "203.0.113.7", 443, STAFF));
            assertFalse(c.inspect(), host);
            assertEquals(Action.ALLOW, c.decision().action(), c.decision().reason());
            assertTrue(c.decision().reason().contains("Bank sites stay private"), c.decision().reason());
        }
    }

    @Test
    void appIdFromIntelligenceDrivesOffRule() {
        ConnectDecision c = policy.decideConnect(connect("us04web.zoom.us", "203.0.113.8", 443, STAFF));
        assertFalse(c.inspect(), c.decision().reason());
    }

    @Test
    void otherHostsAreInspectedBecauseTlsDecryptIsOn() {
        ConnectDecision c = policy.decideConnect(connect("news.example", "203.0.113.9", 443, STAFF));
        assertTrue(c.inspect());
        assertEquals(Action.ON, c.decision().action());
        assertNull(c.decision().rule());
    }

    @Test
    void l4PortRule() {
        ConnectDecision blocked = policy.decideConnect(connect("git.corp.example", "198.51.100.20", 22, STAFF));
        assertTrue(blocked.blocked());
        assertEquals("SSH out only to the bastion", blocked.decision().rule().name());
        assertEquals(Phase.NETWORK, blocked.decision().phase());

        ConnectDecision bastion = policy.decideConnect(connect("bastion.corp.example", "192.0.2.10", 22, STAFF));
        assertFalse(bastion.blocked(), bastion.decision().reason());

        Decision plain = policy.decideNetwork(connect("git.corp.example", "198.51.100.20", 22, STAFF));
        assertEquals(Action.BLOCK, plain.action());
    }

    @Test
    void httpOnlyRuleIsSkippedForTunnelThatIsNotInspected() {
        // "No admin pages" needs the URL path, which a tunnel that is not decrypted never shows.
        ConnectDecision c = policy.decideConnect(connect("app.corp.example", "203.0.113.10", 443, STAFF));
        assertFalse(c.inspect());
        assertEquals(Action.ALLOW, c.decision().action(), c.decision().reason());
        assertNull(c.decision().rule());
    }

    @Test
    void blockByHostStillAppliesWhenNotInspecting() throws Exception {
        String noDecrypt = new String(document, StandardCharsets.UTF_8)
                .replace("\"tls_decrypt\": {\"enabled\": true}", "\"tls_decrypt\": {\"enabled\": false}");
        OrgPolicy p = new PolicyDocumentLoader().parse("acme", "realistic.json",
                noDecrypt.getBytes(StandardCharsets.UTF_8));
        assertFalse(p.tlsDecryptEnabled());

        ConnectDecision blocked = p.decideConnect(connect("example.net", "203.0.113.11", 443, STAFF));
        assertFalse(blocked.inspect());
        assertTrue(blocked.blocked(), blocked.decision().reason());
        assertEquals("Block gambling", blocked.decision().rule().name());

        ConnectDecision security = p.decideConnect(connect("example.net", "203.0.113.11", 443, SECURITY));
        assertFalse(security.blocked(), security.decision().reason());

        // A redirect cannot be delivered to a tunnel; letting it through would skip the rule.
        ConnectDecision wiki = p.decideConnect(connect("wiki.corp.example", "203.0.113.12", 443, STAFF));
        assertTrue(wiki.blocked(), wiki.decision().reason());
        assertEquals("Old wiki moved", wiki.decision().rule().name());
    }

    @Test
    void intelligenceReferencedFromSettingsIsReadRelativeToTheDocument(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("intel.json"), resource("/intel/sample-intel.json"));
        Path doc = dir.resolve("policy.json");
        Files.writeString(doc, "{\"rules\": [{\"name\": \"No gambling\", \"precedence\": 1, \"action\": \"block\","
                + " \"filters\": [\"http\"], \"traffic\": \"any(http.request.uri.content_category[*] in {99})\"}],"
                + " \"settings\": {\"intelligence\": \"intel.json\"}}");
        OrgPolicy p = new PolicyDocumentLoader().load("acme", doc);
        assertEquals(Action.BLOCK, p.decideRequest(request("www.poker.example", "/", STAFF)).action());
        assertEquals(Action.ALLOW, p.decideRequest(request("shop.example", "/", STAFF)).action());

        // Without the reference (and no file given to the loader) nothing is categorised.
        Files.writeString(doc, Files.readString(doc).replace(", \"settings\": {\"intelligence\": \"intel.json\"}", ""));
        OrgPolicy plain = new PolicyDocumentLoader().load("acme", doc);
        assertEquals(Action.ALLOW, plain.decideRequest(request("www.poker.example", "/", STAFF)).action());
    }

    @Test
    void allowAllPolicy() {
        OrgPolicy p = OrgPolicy.allowAll("new-org");
        assertEquals(0, p.ruleCount());
        assertFalse(p.tlsDecryptEnabled());
        ConnectDecision c = p.decideConnect(connect("example.net", "203.0.113.11", 22, STAFF));
        assertFalse(c.blocked());
        assertFalse(c.inspect());
        assertEquals(Action.ALLOW, p.decideRequest(request("example.net", "/", STAFF)).action());
    }

    @Test
    void gatewayApiEnvelopeIsAccepted() throws Exception {
        String envelope = "{\"success\": true, \"errors\": [], \"messages\": [], \"result\": ["
                + "{\"name\": \"Block x\", \"precedence\": 1, \"action\": \"block\", \"filters\": [\"http\"],"
                + " \"traffic\": \"http.request.host == \\\"x.example\\\"\", \"created_at\": \"2024-01-01T00:00:00Z\"}],"
                + " \"result_info\": {\"page\": 1}}";
        OrgPolicy p = new PolicyDocumentLoader().parse("acme", "api.json", envelope.getBytes(StandardCharsets.UTF_8));
        assertEquals(1, p.ruleCount());
        assertEquals(Action.BLOCK, p.decideRequest(request("x.example", "/", STAFF)).action());
    }
}
