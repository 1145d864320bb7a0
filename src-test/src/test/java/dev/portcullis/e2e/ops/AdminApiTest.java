package dev.portcullis.e2e.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.e2e.support.Await;
import dev.portcullis.e2e.support.ProxyFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The admin listener over real sockets: probes, status, routing errors, bearer-token auth and drain. */
class AdminApiTest {
    private static final String TOKEN = "test-admin-token-7f3a9c21b4";

    @TempDir
    Path dir;

    private ProxyFixture startWithToken() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("admin.token"), TOKEN + "\n");
        return ProxyFixture.start("""
                admin:
                  listen: "127.0.0.1:0"
                  token_file: "%s"
                """.formatted(tokenFile.toAbsolutePath()));
    }

    @Test
    void probesAndStatus() throws Exception {
        try (ProxyFixture proxy = startWithToken()) {
            InetSocketAddress admin = proxy.daemon.adminAddress();
            HttpResponse<String> health = Admin.get(admin, "/healthz");
            assertEquals(200, health.statusCode());
            assertEquals("ok\n", health.body());
            HttpResponse<String> ready = Admin.get(admin, "/readyz");
            assertEquals(200, ready.statusCode());
            assertEquals("ready\n", ready.body());

            HttpResponse<String> status = Admin.get(admin, "/v1/status");
            assertEquals(200, status.statusCode());
            assertEquals("application/json", status.headers().firstValue("Content-Type").orElseThrow());
            JsonNode json = new ObjectMapper().readTree(status.body());
            assertFalse(json.path("version").asText().isEmpty(), status.body());
            assertEquals(proxy.daemon.transportName(), json.path("transport").asText());
            assertEquals("127.0.0.1:" + proxy.port(), json.path("listeners").path("proxy").path(0).asText());
            assertEquals("127.0.0.1:" + admin.getPort(), json.path("listeners").path("admin").asText());
            assertTrue(json.path("uptime_seconds").asLong(-1) >= 0, status.body());
            assertEquals(0, json.path("active_connections").asInt(-1));
            assertEquals(0, json.path("active_tunnels").asInt(-1));
            assertTrue(json.path("ready").asBoolean());
            assertFalse(json.path("draining").asBoolean());
        }
    }

    @Test
    void unknownPathsAndWrongMethods() throws Exception {
        try (ProxyFixture proxy = startWithToken()) {
            InetSocketAddress admin = proxy.daemon.adminAddress();
            HttpResponse<String> missing = Admin.get(admin, "/v2/nothing");
            assertEquals(404, missing.statusCode());
            assertTrue(missing.body().contains("/v2/nothing"));
            HttpResponse<String> wrong = Admin.get(admin, "/v1/drain");
            assertEquals(405, wrong.statusCode());
            assertEquals("POST", wrong.headers().firstValue("Allow").orElseThrow());
            HttpResponse<String> delete = Admin.send(HttpRequest.newBuilder(Admin.uri(admin, "/metrics")).DELETE());
            assertEquals(405, delete.statusCode());
        }
    }

    @Test
    void drainNeedsTheTokenThenStopsAcceptingAndFailsReadiness() throws Exception {
        try (ProxyFixture proxy = startWithToken()) {
            InetSocketAddress admin = proxy.daemon.adminAddress();
            HttpResponse<String> none = Admin.post(admin, "/v1/drain", null);
            assertEquals(401, none.statusCode());
            assertTrue(none.headers().firstValue("WWW-Authenticate").orElseThrow().startsWith("Bearer"));
            HttpResponse<String> wrong = Admin.post(admin, "/v1/drain", TOKEN + "-nope");
            assertEquals(401, wrong.statusCode());
            assertTrue(wrong.headers().firstValue("WWW-Authenticate").orElseThrow().contains("invalid_token"));
            assertEquals(200, Admin.get(admin, "/readyz").statusCode(), "a refused drain changes nothing");

            HttpResponse<String> drain = Admin.post(admin, "/v1/drain", TOKEN);
            assertEquals(202, drain.statusCode(), drain.body());
            assertTrue(new ObjectMapper().readTree(drain.body()).path("draining").asBoolean());
            HttpResponse<String> ready = Admin.get(admin, "/readyz");
            assertEquals(503, ready.statusCode());
            assertTrue(ready.body().contains("listeners"), ready.body());
            assertTrue(new ObjectMapper().readTree(Admin.get(admin, "/v1/status").body()).path("draining").asBoolean());
            Await.until("proxy listener refuses connections", Duration.ofSeconds(5), () -> {
                try (Socket s = new Socket()) {
                    s.connect(proxy.address(), 1000);
                    return false;
                } catch (IOException refused) {
                    return true;
                }
            });
            assertEquals(200, Admin.get(admin, "/healthz").statusCode(), "alive while draining");
            assertEquals(202, Admin.post(admin, "/v1/drain", TOKEN).statusCode(), "drain is idempotent");
        }
    }

    @Test
    void withoutATokenFileMutatingCallsAreRefused() throws Exception {
        try (ProxyFixture proxy = ProxyFixture.start("")) {
            HttpResponse<String> r = Admin.post(proxy.daemon.adminAddress(), "/v1/drain", TOKEN);
            assertEquals(403, r.statusCode());
            assertTrue(r.body().contains("admin_token_not_configured"), r.body());
            assertEquals(200, Admin.get(proxy.daemon.adminAddress(), "/readyz").statusCode());
        }
    }

    @Test
    void aTooShortTokenStopsTheDaemonFromStarting(@TempDir Path other) throws Exception {
        Path tokenFile = Files.writeString(other.resolve("weak.token"), "short\n");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ProxyFixture.start("""
                        admin:
                          listen: "127.0.0.1:0"
                          token_file: "%s"
                        """.formatted(tokenFile.toAbsolutePath())));
        assertTrue(e.getMessage().contains(tokenFile.toString()) && e.getMessage().contains("at least 16"),
                e.getMessage());
    }
}
