package dev.portcullis.proxy.daemon;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdminRouterTest {
    private static final String TOKEN = "s3cret-token-0123456789";
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 9090);

    @TempDir
    Path dir;

    private AdminRouter router(Optional<AdminToken> token) {
        return new AdminRouter(token)
                .get("/healthz", AdminHandler.sync(r -> AdminResponse.text(200, "ok")))
                .post("/v1/drain", AdminHandler.sync(r -> AdminResponse.text(202, "draining")))
                .put("/v1/orgs/{org}/policy", AdminHandler.sync(r -> AdminResponse.text(200,
                        "org=" + r.param("org") + " body=" + new String(r.body(), StandardCharsets.UTF_8))))
                .get("/pac/{org}.pac", AdminHandler.sync(r -> AdminResponse.text(200, r.param("org"))));
    }

    private Optional<AdminToken> token() throws Exception {
        Path file = dir.resolve("token");
        Files.writeString(file, TOKEN + "\n");
        return AdminToken.load(Optional.of(file));
    }

    private static AdminResponse call(AdminRouter router, String method, String uri, String auth, String body)
            throws Exception {
        HttpHeaders headers = new DefaultHttpHeaders();
        if (auth != null) {
            headers.set("Authorization", auth);
        }
        return router.dispatch(method, uri, headers, body.getBytes(StandardCharsets.UTF_8), LOCAL)
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static String text(AdminResponse r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void routesParametersAndSuffixes() throws Exception {
        AdminRouter router = router(token());
        assertEquals(200, call(router, "GET", "/healthz?verbose=1", null, "").status());
        AdminResponse put = call(router, "PUT", "/v1/orgs/acme/policy", "Bearer " + TOKEN, "{}");
        assertEquals("org=acme body={}\n", text(put));
        assertEquals("default\n", text(call(router, "GET", "/pac/default.pac", null, "")));
        assertEquals(404, call(router, "GET", "/pac/.pac", null, "").status());
    }

    @Test
    void unknownPathsAre404AndWrongMethods405WithAllow() throws Exception {
        AdminRouter router = router(token());
        AdminResponse missing = call(router, "GET", "/nope", null, "");
        assertEquals(404, missing.status());
        assertTrue(text(missing).contains("/nope"));
        AdminResponse wrong = call(router, "GET", "/v1/drain", null, "");
        assertEquals(405, wrong.status());
        assertEquals("POST", wrong.headers().get("Allow"));
        assertEquals(405, call(router, "DELETE", "/healthz", null, "").status());
        assertEquals(404, call(router, "GET", "*", null, "").status());
    }

    @Test
    void mutatingCallsNeedTheBearerToken() throws Exception {
        AdminRouter router = router(token());
        AdminResponse none = call(router, "POST", "/v1/drain", null, "");
        assertEquals(401, none.status());
        assertEquals(AdminRouter.REALM, none.headers().get("WWW-Authenticate"));
        AdminResponse basic = call(router, "POST", "/v1/drain", "Basic dXNlcjpwYXNz", "");
        assertEquals(401, basic.status());
        AdminResponse wrong = call(router, "POST", "/v1/drain", "Bearer " + TOKEN + "x", "");
        assertEquals(401, wrong.status());
        assertTrue(wrong.headers().get("WWW-Authenticate").contains("invalid_token"));
        assertEquals(401, call(router, "POST", "/v1/drain", "Bearer ", "").status());
        assertEquals(202, call(router, "POST", "/v1/drain", "bearer " + TOKEN, "").status());
        // Open routes never look at the header.
        assertEquals(200, call(router, "GET", "/healthz", "Bearer wrong", "").status());
    }

    @Test
    void withoutATokenFileMutatingCallsAreDisabled() throws Exception {
        AdminResponse r = call(router(Optional.empty()), "POST", "/v1/drain", "Bearer " + TOKEN, "");
        assertEquals(403, r.status());
        assertTrue(text(r).contains("--admin-token-file"));
    }

    @Test
    void tokenFilesAreChecked() throws Exception {
        assertTrue(AdminToken.load(Optional.empty()).isEmpty());
        Path shortToken = Files.writeString(dir.resolve("short"), "abc\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AdminToken.load(Optional.of(shortToken)))
                .getMessage().contains("at least 16"));
        Path spaced = Files.writeString(dir.resolve("spaced"), "abcdefgh ijklmnopq");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AdminToken.load(Optional.of(spaced)))
                .getMessage().contains("printable ASCII"));
        Path missing = dir.resolve("missing");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AdminToken.load(Optional.of(missing)))
                .getMessage().contains(missing.toString()));
    }

    @Test
    void duplicateRoutesAreRefused() {
        AdminRouter router = router(Optional.empty());
        assertThrows(IllegalArgumentException.class,
                () -> router.get("/healthz", AdminHandler.sync(r -> AdminResponse.text(200, ""))));
        assertThrows(IllegalArgumentException.class,
                () -> router.get("healthz", AdminHandler.sync(r -> AdminResponse.text(200, ""))));
    }

    @Test
    void patternMatching() {
        assertEquals(Map.of("org", "a"), AdminRouter.match("v1/orgs/{org}/policy".split("/"), "v1/orgs/a/policy".split("/")));
        assertNull(AdminRouter.match("v1/orgs/{org}/policy".split("/"), "v1/orgs/a/b/policy".split("/")));
        assertNull(AdminRouter.match("pac/{org}.pac".split("/"), "pac/x.js".split("/")));
    }
}
