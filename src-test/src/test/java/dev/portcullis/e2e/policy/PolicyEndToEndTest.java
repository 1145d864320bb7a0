package dev.portcullis.e2e.policy;

import dev.portcullis.config.policy.ReloadResult;
import dev.portcullis.e2e.support.ProxyFixture;
import dev.portcullis.e2e.support.RawHttp;
import dev.portcullis.e2e.support.TestOrigin;
import dev.portcullis.proxy.observe.AccessRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The policy engine deciding real requests through the proxy: blocks, redirects, network rules and reloads. */
class PolicyEndToEndTest {
    @TempDir
    static Path dir;
    static TestOrigin origin;
    static TestOrigin forbiddenOrigin;
    static Path policyFile;
    static ProxyFixture proxy;

    static String policy(String extraRule) {
        return """
                {"rules": [
                  {"id": "r-l4", "name": "No origin two", "precedence": 10, "action": "block", "filters": ["l4"],
                   "traffic": "net.dst.ip == 127.0.0.1 and net.dst.port == %d"},
                  {"id": "r-list", "name": "Blocked hosts", "precedence": 100, "action": "block", "filters": ["http"],
                   "traffic": "any(http.request.domains[*] in $blocked)",
                   "rule_settings": {"block_page_enabled": true, "block_reason": "Not at work, please."}},
                  {"id": "r-cat", "name": "No gambling", "precedence": 200, "action": "block", "filters": ["http"],
                   "traffic": "any(http.request.uri.content_category[*] in {99})"},
                  {"id": "r-path", "name": "No admin path", "precedence": 300, "action": "block", "filters": ["http"],
                   "traffic": "http.request.uri.path matches \\"^/admin\\" and http.request.method == \\"GET\\""},
                  {"id": "r-redirect", "name": "Old docs moved", "precedence": 400, "action": "redirect",
                   "filters": ["http"], "traffic": "http.request.uri.path == \\"/old\\"",
                   "rule_settings": {"redirect": {"target_uri": "http://docs.example/new", "preserve_path_and_query": false}}}
                  %s
                ],
                "lists": [{"name": "blocked", "type": "DOMAIN", "items": [{"value": "blocked.example"}]}],
                "settings": {"default_action": "allow", "block_page": {"title": "Acme says no", "footer": "Ask IT"}}}
                """.formatted(forbiddenOrigin.port(), extraRule);
    }

    @BeforeAll
    static void start() throws Exception {
        origin = TestOrigin.plain();
        forbiddenOrigin = TestOrigin.plain();
        policyFile = dir.resolve("policy.json");
        Files.writeString(policyFile, policy(""));
        proxy = ProxyFixture.startWithPolicy("""
                upstream:
                  allow_destinations: ["127.0.0.1/32"]
                policy:
                  file: "%s"
                  watch: false
                """.formatted(policyFile));
    }

    @AfterAll
    static void stop() {
        proxy.close();
        origin.close();
        forbiddenOrigin.close();
    }

    private RawHttp.Response get(String url, String extraHeaders) throws Exception {
        try (RawHttp c = new RawHttp(proxy.address())) {
            c.send("GET " + url + " HTTP/1.1\r\nHost: x\r\n" + extraHeaders + "\r\n");
            return c.readResponse();
        }
    }

    @Test
    void allowedRequestsReachTheOrigin() throws Exception {
        RawHttp.Response r = get(origin.base() + "/hello", "");
        assertEquals(200, r.status());
        assertEquals("hello\n", r.text());
    }

    @Test
    void aListedHostGetsTheBlockPageNamingTheRuleWithoutAnyDnsQuery() throws Exception {
        RawHttp.Response r = get("http://www.blocked.example/page", "Accept: text/html,*/*\r\n");
        assertEquals(403, r.status());
        assertTrue(r.header("content-type").startsWith("text/html"), r.header("content-type"));
        assertTrue(r.text().contains("Acme says no"), r.text());
        assertTrue(r.text().contains("Not at work, please."), r.text());
        assertTrue(r.text().contains("Blocked hosts"), r.text());
        assertEquals("r-list", r.header("x-portcullis-rule"));
        AccessRecord rec = proxy.awaitAccess(a -> "http://www.blocked.example/page".equals(a.url()));
        assertEquals("block", rec.action());
        assertEquals("r-list", rec.ruleId());
    }

    @Test
    void nonBrowsersGetPlainText() throws Exception {
        RawHttp.Response r = get("http://blocked.example/", "");
        assertEquals(403, r.status());
        assertTrue(r.header("content-type").startsWith("text/plain"));
    }

    @Test
    void aCategoryFromTheIntelligenceFileBlocks() throws Exception {
        RawHttp.Response r = get("http://www.casino.example/", "");
        assertEquals(403, r.status());
        assertEquals("r-cat", r.header("x-portcullis-rule"));
    }

    @Test
    void aPathRuleBlocksOnePathOfAnAllowedHost() throws Exception {
        int before = origin.requests.get();
        assertEquals(403, get(origin.base() + "/admin/users", "").status());
        assertEquals(before, origin.requests.get());
        assertEquals(200, get(origin.base() + "/hello", "").status());
    }

    @Test
    void aRedirectRuleAnswers307() throws Exception {
        RawHttp.Response r = get(origin.base() + "/old", "");
        assertEquals(307, r.status());
        assertEquals("http://docs.example/new", r.header("location"));
    }

    @Test
    void aNetworkRuleOnTheDialledAddressBlocksHttpAndConnect() throws Exception {
        assertEquals(403, get(forbiddenOrigin.base() + "/hello", "").status());
        try (RawHttp c = new RawHttp(proxy.address())) {
            c.send("CONNECT 127.0.0.1:" + forbiddenOrigin.port() + " HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response r = c.readResponse();
            assertEquals(403, r.status());
            assertEquals("r-l4", r.header("x-portcullis-rule"));
        }
        assertEquals(0, forbiddenOrigin.connections.get());
    }

    @Test
    void reloadSwapsThePolicyAndABrokenFileKeepsTheLastGoodOne() throws Exception {
        String before = proxy.policy.current().version();
        Files.writeString(policyFile, policy("""
                ,{"id": "r-new", "name": "No hello", "precedence": 50, "action": "block", "filters": ["http"],
                  "traffic": "http.request.uri.path == \\"/hello-blocked\\""}"""));
        ReloadResult ok = proxy.policy.reload().get(10, TimeUnit.SECONDS);
        assertTrue(ok.success(), ok.errors().toString());
        assertNotEquals(before, proxy.policy.current().version());
        assertEquals(403, get(origin.base() + "/hello-blocked", "").status());

        String good = proxy.policy.current().version();
        Files.writeString(policyFile, "{\"rules\": [{\"name\": \"bad\", \"precedence\": 1, \"action\": \"block\", \"filters\": [\"http\"],"
                + " \"traffic\": \"http.request.hots == \\\"x\\\"\"}]}", StandardCharsets.UTF_8);
        ReloadResult bad = proxy.policy.reload().get(10, TimeUnit.SECONDS);
        assertFalse(bad.success());
        assertTrue(String.join("\n", bad.errors()).contains("did you mean 'http.request.host'"),
                String.join("\n", bad.errors()));
        assertEquals(good, proxy.policy.current().version(), "the last good policy stays");
        assertEquals(403, get(origin.base() + "/hello-blocked", "").status());
        Files.writeString(policyFile, policy(""));
        assertTrue(proxy.policy.reload().get(10, TimeUnit.SECONDS).success());
    }
}
