package dev.portcullis.e2e.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.config.ConfigLoader;
import dev.portcullis.config.DaemonConfig;
import dev.portcullis.config.Format;
import dev.portcullis.e2e.support.Await;
import dev.portcullis.e2e.support.AccessAwait;
import dev.portcullis.e2e.support.RawHttp;
import dev.portcullis.e2e.support.TestOrigin;
import dev.portcullis.proxy.daemon.Daemon;
import dev.portcullis.proxy.daemon.OrgPolicies;
import dev.portcullis.proxy.observe.AccessLogger;
import dev.portcullis.proxy.observe.AccessRecord;
import dev.portcullis.proxy.observe.JsonAccessLogger;
import java.net.InetAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two organisations on one listener, told apart by source address: test clients bind to 127.0.0.2 and 127.0.0.5
 * (organisation a, endpoints a-office and a-lab), 127.0.0.3 (organisation b) and 127.0.0.4 (nobody's).
 */
class OrgsEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "orgs-admin-token-0123456789";
    /** Allows everything except /hello from the a-lab endpoint: a rule on proxy.endpoint. */
    private static final String POLICY_A = """
            {"rules": [
              {"id": "a-lab-hello", "name": "no hello in the lab", "precedence": 10, "action": "block",
               "filters": ["http"],
               "traffic": "proxy.endpoint == \\"a-lab\\" and http.request.uri.path == \\"/hello\\"",
               "rule_settings": {"block_page_enabled": true}}
            ],
            "settings": {"default_action": "allow", "block_page": {"title": "Organisation A says no"}}}
            """;
    /** Blocks /hello: the same URL organisation a allows. */
    private static final String POLICY_B = """
            {"rules": [
              {"id": "b-hello", "name": "no hello at b", "precedence": 10, "action": "block", "filters": ["http"],
               "traffic": "http.request.uri.path == \\"/hello\\"",
               "rule_settings": {"block_page_enabled": true}}
            ],
            "settings": {"default_action": "allow", "block_page": {"title": "Organisation B says no"}}}
            """;

    @TempDir
    static Path dir;
    static TestOrigin origin;
    static OrgPolicies policies;
    static Daemon daemon;
    static final LinkedBlockingQueue<AccessRecord> access = new LinkedBlockingQueue<>();
    static AccessLogger fileLog;

    @BeforeAll
    static void start() throws Exception {
        origin = TestOrigin.plain();
        Files.writeString(dir.resolve("a.json"), POLICY_A);
        Files.writeString(dir.resolve("b.json"), POLICY_B);
        Files.writeString(dir.resolve("admin.token"), TOKEN);
        String yaml = """
                proxy:
                  listen: ["127.0.0.1:0"]
                upstream:
                  allow_destinations: ["127.0.0.1/32"]
                admin:
                  listen: "127.0.0.1:0"
                  token_file: "admin.token"
                timeouts:
                  drain: "1s"
                access_log:
                  path: "access.log"
                orgs:
                  - id: a
                    policy: {file: "a.json"}
                    endpoints:
                      - {name: a-office, listener: http, source_cidrs: ["127.0.0.2/32"]}
                      - {name: a-lab, listener: http, source_cidrs: ["127.0.0.5/32"]}
                  - id: b
                    policy: {file: "b.json"}
                    endpoints:
                      - {name: b-office, listener: http, source_cidrs: ["127.0.0.3/32"]}
                """;
        DaemonConfig config = ConfigLoader.parse("orgs.yaml", yaml.getBytes(StandardCharsets.UTF_8), Format.YAML, dir);
        policies = OrgPolicies.start(config);
        fileLog = JsonAccessLogger.create(config.accessLog());
        daemon = Daemon.start(config, policies.deciders(), policies, r -> {
            access.add(r);
            fileLog.log(r);
        });
        policies.attach(daemon);
    }

    @AfterAll
    static void stop() {
        daemon.close();
        policies.close();
        origin.close();
        if (fileLog instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static RawHttp.Response get(String from, String path) throws Exception {
        try (RawHttp c = new RawHttp(daemon.proxyAddresses().get(0), InetAddress.getByName(from))) {
            c.send("GET " + origin.base() + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
            return c.readResponse();
        }
    }

    private static RawHttp.Response getHtml(String from, String path) throws Exception {
        try (RawHttp c = new RawHttp(daemon.proxyAddresses().get(0), InetAddress.getByName(from))) {
            c.send("GET " + origin.base() + path + " HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\n\r\n");
            return c.readResponse();
        }
    }

    @Test
    void eachOrganisationsUsersSeeTheirOwnBlockPage() throws Exception {
        RawHttp.Response b = getHtml("127.0.0.3", "/hello");
        assertEquals(403, b.status());
        assertTrue(b.text().contains("Organisation B says no"), b.text());
        assertEquals("b", awaitAccess(x -> "127.0.0.3".equals(x.clientIp())).org()); // consumed: other tests poll too
        RawHttp.Response a = getHtml("127.0.0.5", "/hello");
        assertEquals(403, a.status());
        assertTrue(a.text().contains("Organisation A says no"), a.text());
        assertEquals("a", awaitAccess(x -> "127.0.0.5".equals(x.clientIp())).org());
    }

    private static AccessRecord awaitAccess(Predicate<AccessRecord> matching) throws InterruptedException {
        return AccessAwait.first(access, matching);
    }

    private static double metric(String name, Map<String, String> labels) {
        return PromText.value(daemon.metrics().scrape(), name, labels);
    }

    @Test
    void theSameUrlIsAllowedForOneOrganisationAndBlockedForTheOther() throws Exception {
        double aAllowed = metric("portcullis_requests_total", Map.of("org", "a", "action", "allow", "status", "2xx"));
        double bBlocked = metric("portcullis_requests_total", Map.of("org", "b", "action", "block", "status", "4xx"));

        RawHttp.Response fromA = get("127.0.0.2", "/hello");
        assertEquals(200, fromA.status());
        assertEquals("hello\n", fromA.text());
        AccessRecord ra = awaitAccess(r -> "127.0.0.2".equals(r.clientIp()));
        assertEquals("a", ra.org());
        assertEquals("allow", ra.action());

        RawHttp.Response fromB = get("127.0.0.3", "/hello");
        assertEquals(403, fromB.status());
        assertEquals("policy_block", fromB.header("x-portcullis-error"));
        AccessRecord rb = awaitAccess(r -> "127.0.0.3".equals(r.clientIp()));
        assertEquals("b", rb.org());
        assertEquals("b-hello", rb.ruleId());

        assertEquals(aAllowed + 1, metric("portcullis_requests_total",
                Map.of("org", "a", "action", "allow", "status", "2xx")));
        assertEquals(bBlocked + 1, metric("portcullis_requests_total",
                Map.of("org", "b", "action", "block", "status", "4xx")));
    }

    @Test
    void theAccessLogFileNamesTheOrganisation() throws Exception {
        assertEquals(403, get("127.0.0.3", "/hello?log-check").status());
        Path log = dir.resolve("access.log");
        Await.until("the access log has the line of /hello?log-check", Duration.ofSeconds(5), () -> line(log) != null);
        JsonNode line = line(log);
        assertEquals("b", line.get("organization.id").asText());
        assertEquals("127.0.0.3", line.get("source.ip").asText());
        assertEquals("b-hello", line.get("rule.id").asText());
    }

    private static JsonNode line(Path log) {
        try {
            if (!Files.exists(log)) {
                return null;
            }
            for (String l : Files.readAllLines(log)) {
                if (l.contains("log-check")) {
                    return JSON.readTree(l);
                }
            }
            return null;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aRuleOnProxyEndpointSeesTheEndpointName() throws Exception {
        RawHttp.Response lab = get("127.0.0.5", "/hello");
        assertEquals(403, lab.status());
        AccessRecord r = awaitAccess(x -> "127.0.0.5".equals(x.clientIp()));
        assertEquals("a", r.org());
        assertEquals("a-lab-hello", r.ruleId());
        assertEquals(200, get("127.0.0.2", "/hello").status(), "the same organisation's office endpoint is allowed");
    }

    @Test
    void aSourceInNoEndpointsRangeGets403BeforeItsRequestIsRead() throws Exception {
        int before = origin.requests.get();
        try (RawHttp c = new RawHttp(daemon.proxyAddresses().get(0), InetAddress.getByName("127.0.0.4"))) {
            c.send("GET " + origin.base() + "/hello HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response r = c.readResponse();
            assertEquals(403, r.status());
            assertEquals("source_not_allowed", r.header("x-portcullis-error"));
            assertTrue(r.text().contains("127.0.0.4 is outside the source_cidrs of every endpoint on the http listener"),
                    r.text());
            assertTrue(c.closedByPeer());
        }
        assertEquals(before, origin.requests.get(), "nothing was forwarded");
    }

    @Test
    void aBadPolicyForOneOrganisationIsRefusedAndBothKeepServing() throws Exception {
        HttpResponse<String> r = Admin.send(HttpRequest.newBuilder(Admin.uri(daemon.adminAddress(), "/v1/orgs/b/policy"))
                .header("Authorization", "Bearer " + TOKEN).PUT(HttpRequest.BodyPublishers.ofString(Policies.BROKEN)));
        assertEquals(400, r.statusCode(), r.body());
        JsonNode errors = JSON.readTree(r.body()).get("errors");
        assertTrue(errors.get(0).asText().contains("b.json rules[0] \"bad\" traffic 1:1: unknown field "
                + "'http.request.no_such_field'"), "the error names the organisation's file, rule and position: " + r.body());
        assertEquals(POLICY_B, Files.readString(dir.resolve("b.json")), "the file keeps the last good policy");

        assertEquals(200, get("127.0.0.2", "/hello").status(), "organisation a is untouched");
        assertEquals(403, get("127.0.0.3", "/hello").status(), "organisation b keeps its last good policy");
        assertEquals(404, get("127.0.0.3", "/other").status(), "b still allows other paths (the origin has none)");

        HttpResponse<String> a = Admin.get(daemon.adminAddress(), "/v1/orgs/a/policy");
        assertEquals(200, a.statusCode());
        assertEquals(POLICY_A, a.body());
        assertEquals(404, Admin.get(daemon.adminAddress(), "/v1/orgs/c/policy").statusCode());
    }

    @Test
    void statusListsEveryOrganisationsPolicyVersion() throws Exception {
        JsonNode status = JSON.readTree(Admin.get(daemon.adminAddress(), "/v1/status").body());
        JsonNode orgs = status.get("orgs");
        assertEquals(2, orgs.size(), status.toString());
        assertEquals("a", orgs.get(0).get("id").asText());
        assertEquals(policies.get("a").current().version(), orgs.get(0).get("policy_version").asText());
        assertEquals("b", orgs.get(1).get("id").asText());
        assertEquals(policies.get("b").current().version(), orgs.get(1).get("policy_version").asText());
        assertTrue(!Double.isNaN(metric("portcullis_policy_version", Map.of("org", "a")))
                && !Double.isNaN(metric("portcullis_policy_version", Map.of("org", "b"))), "a version gauge per org");
    }

    @Test
    void aBrokenPolicyFileSeenByTheWatcherIsCountedForItsOrganisationOnly() throws Exception {
        Map<String, String> bFailures = Map.of("org", "b", "result", "failure");
        Map<String, String> aFailures = Map.of("org", "a", "result", "failure");
        double before = metric("portcullis_policy_reloads_total", bFailures);
        double aBefore = metric("portcullis_policy_reloads_total", aFailures);
        String version = policies.get("b").current().version();
        Path b = dir.resolve("b.json");
        try {
            Files.writeString(b, Policies.BROKEN);
            Await.until("the watcher's failed reload of b.json is counted", Duration.ofSeconds(10),
                    () -> metric("portcullis_policy_reloads_total", bFailures) > before);
            assertEquals(version, policies.get("b").current().version(), "b keeps its last good policy");
            assertEquals(aBefore, metric("portcullis_policy_reloads_total", aFailures), "a is not touched");
            assertEquals(403, get("127.0.0.3", "/hello").status());
        } finally {
            Files.writeString(b, POLICY_B);
        }
    }
}
