package dev.portcullis.e2e.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.e2e.support.ProxyFixture;
import dev.portcullis.e2e.support.RawHttp;
import dev.portcullis.e2e.support.TestOrigin;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET/PUT /v1/orgs/{org}/policy and POST /v1/reload against a daemon running a policy file. */
class PolicyAdminApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "policy-admin-token-0123456789";

    @TempDir
    Path dir;
    Path policyFile;
    TestOrigin origin;
    ProxyFixture proxy;

    @BeforeEach
    void start() throws Exception {
        origin = TestOrigin.plain();
        policyFile = dir.resolve("policy.json");
        Files.writeString(policyFile, Policies.generation(1));
        Path token = Files.writeString(dir.resolve("admin.token"), TOKEN);
        proxy = ProxyFixture.startWithPolicy("""
                upstream:
                  allow_destinations: ["127.0.0.1/32"]
                admin:
                  listen: "127.0.0.1:0"
                  token_file: "%s"
                policy:
                  file: "%s"
                  watch: false
                """.formatted(token, policyFile));
        proxy.policy.attach(proxy.daemon);
    }

    @AfterEach
    void stop() {
        proxy.close();
        origin.close();
    }

    /** 403 when the policy blocks {@code path}; otherwise the origin's answer (404: it has no such route). */
    private int status(String path) throws Exception {
        try (RawHttp c = new RawHttp(proxy.address())) {
            c.send("GET " + origin.base() + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
            return c.readResponse().status();
        }
    }

    private HttpResponse<String> put(String org, String body, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(Admin.uri(proxy.daemon.adminAddress(), "/v1/orgs/" + org
                + "/policy")).PUT(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return Admin.send(b);
    }

    @Test
    void getAnswersTheDocumentInForceWithItsVersionAsETag() throws Exception {
        HttpResponse<String> r = Admin.get(proxy.daemon.adminAddress(), "/v1/orgs/default/policy");
        assertEquals(200, r.statusCode());
        assertEquals(Policies.generation(1), r.body());
        assertEquals("\"" + proxy.policy.current().version() + "\"", r.headers().firstValue("ETag").orElseThrow());
        assertEquals(404, Admin.get(proxy.daemon.adminAddress(), "/v1/orgs/acme/policy").statusCode());
    }

    @Test
    void putSwapsPersistsAndTakesEffect() throws Exception {
        assertEquals(403, status("/p1"));
        String before = proxy.policy.current().version();
        HttpResponse<String> r = put("default", Policies.generation(2), TOKEN);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = JSON.readTree(r.body());
        assertNotEquals(before, body.get("version").asText());
        assertEquals(body.get("version").asText(), proxy.policy.current().version());
        assertEquals("\"" + body.get("version").asText() + "\"", r.headers().firstValue("ETag").orElseThrow());
        assertEquals(Policies.generation(2), Files.readString(policyFile), "PUT persists to the policy file");
        assertEquals(404, status("/p1"), "allowed through to the origin");
        assertEquals(403, status("/p2"));
        assertEquals(Policies.generation(2), Admin.get(proxy.daemon.adminAddress(), "/v1/orgs/default/policy").body());
    }

    @Test
    void anInvalidPutAnswers400WithThePreciseErrorsAndKeepsTheOldPolicy() throws Exception {
        String before = proxy.policy.current().version();
        HttpResponse<String> r = put("default", Policies.BROKEN, TOKEN);
        assertEquals(400, r.statusCode(), r.body());
        JsonNode errors = JSON.readTree(r.body()).get("errors");
        assertTrue(errors.isArray() && !errors.isEmpty(), r.body());
        assertTrue(errors.toString().contains("no_such_field"), r.body());
        assertEquals(before, proxy.policy.current().version());
        assertEquals(Policies.generation(1), Files.readString(policyFile), "a refused PUT must not touch the file");
        assertEquals(403, status("/p1"));

        HttpResponse<String> notJson = put("default", "{\"rules\": [", TOKEN);
        assertEquals(400, notJson.statusCode(), notJson.body());
        assertTrue(JSON.readTree(notJson.body()).get("errors").toString().contains("line"), notJson.body());
    }

    @Test
    void putNeedsTheTokenAndAKnownOrgAndAMatchingIfMatch() throws Exception {
        assertEquals(401, put("default", Policies.generation(2), null).statusCode());
        assertEquals(401, put("default", Policies.generation(2), "wrong-token-wrong-token").statusCode());
        assertEquals(404, put("acme", Policies.generation(2), TOKEN).statusCode());
        HttpResponse<String> stale = Admin.send(HttpRequest.newBuilder(Admin.uri(proxy.daemon.adminAddress(),
                        "/v1/orgs/default/policy")).header("Authorization", "Bearer " + TOKEN)
                .header("If-Match", "\"000000000000\"").PUT(HttpRequest.BodyPublishers.ofString(Policies.generation(2))));
        assertEquals(412, stale.statusCode(), stale.body());
        assertEquals(403, status("/p1"));
    }

    @Test
    void reloadPicksUpTheRewrittenFileOrAnswers400WithErrors() throws Exception {
        Files.writeString(policyFile, Policies.generation(3));
        HttpResponse<String> ok = Admin.post(proxy.daemon.adminAddress(), "/v1/reload", TOKEN);
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(proxy.policy.current().version(), JSON.readTree(ok.body()).get("version").asText());
        assertEquals(403, status("/p3"));

        String good = proxy.policy.current().version();
        Files.writeString(policyFile, Policies.BROKEN);
        HttpResponse<String> bad = Admin.post(proxy.daemon.adminAddress(), "/v1/reload", TOKEN);
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(JSON.readTree(bad.body()).get("errors").toString().contains("no_such_field"), bad.body());
        assertEquals(good, proxy.policy.current().version());
        assertEquals(403, status("/p3"));
        assertEquals(401, Admin.post(proxy.daemon.adminAddress(), "/v1/reload", null).statusCode());
    }

    @Test
    void theEmbeddedPolicyCannotBeReplaced() throws Exception {
        Path token = Files.writeString(dir.resolve("t2"), TOKEN);
        try (ProxyFixture embedded = ProxyFixture.startWithPolicy("""
                admin:
                  listen: "127.0.0.1:0"
                  token_file: "%s"
                """.formatted(token))) {
            embedded.policy.attach(embedded.daemon);
            HttpResponse<String> r = Admin.send(HttpRequest.newBuilder(Admin.uri(embedded.daemon.adminAddress(),
                            "/v1/orgs/default/policy")).header("Authorization", "Bearer " + TOKEN)
                    .PUT(HttpRequest.BodyPublishers.ofString(Policies.generation(2))));
            assertEquals(409, r.statusCode(), r.body());
            assertTrue(r.body().contains("policy_not_writable"), r.body());
            assertEquals(200, Admin.get(embedded.daemon.adminAddress(), "/v1/orgs/default/policy").statusCode());
            assertEquals(200, Admin.post(embedded.daemon.adminAddress(), "/v1/reload", TOKEN).statusCode());
        }
    }
}
