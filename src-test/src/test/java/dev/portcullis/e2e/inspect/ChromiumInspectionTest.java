package dev.portcullis.e2e.inspect;

import dev.portcullis.e2e.support.Chromium;
import dev.portcullis.e2e.support.ProxyFixture;
import dev.portcullis.e2e.support.TestOrigin;
import dev.portcullis.e2e.support.TestPki;
import dev.portcullis.e2e.support.TlsOrigins;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real browser that trusts only the org CA browses an HTTPS site through the inspecting proxy: the page loads
 * (so the minted leaf satisfies Chromium), and a path blocked by a real policy rule shows the block page inside TLS.
 */
class ChromiumInspectionTest {
    @TempDir
    static Path dir;
    static TestOrigin origin;
    static ProxyFixture proxy;
    static Chromium browser;

    @BeforeAll
    static void start() throws Exception {
        Chromium.require();
        OrgCa org = OrgCa.create(dir.resolve("org"));
        TestPki originPki = new TestPki("Chromium Origin CA");
        origin = TestOrigin.tls(TlsOrigins.server(originPki.leaf("localhost", "127.0.0.1")));
        Path policy = dir.resolve("policy.json");
        Files.writeString(policy, """
                {"rules": [{"id": "no-admin", "name": "No admin pages", "precedence": 1, "action": "block",
                            "filters": ["http"], "traffic": "http.request.uri.path == \\"/admin\\"",
                            "rule_settings": {"block_page_enabled": true, "block_reason": "Admin pages are off limits"}}],
                 "settings": {"tls_decrypt": {"enabled": true}, "default_action": "allow",
                              "block_page": {"title": "Blocked by Acme IT", "footer": "ask the helpdesk"}}}
                """);
        proxy = ProxyFixture.startWithPolicy(org.yaml(originPki.writeCaPem(dir)) + """
                policy:
                  file: "%s"
                  watch: false
                """.formatted(policy));
        browser = Chromium.trusting(dir, org.cert());
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (origin != null) {
            origin.close();
        }
    }

    private String proxyUrl() {
        return "http://127.0.0.1:" + proxy.port();
    }

    @Test
    void anInspectedPageLoadsInTheBrowser() throws Exception {
        String dom = browser.dumpDom(proxyUrl(), "https://localhost:" + origin.port() + "/hello");
        assertTrue(dom.contains("hello"), dom);
        assertFalse(dom.contains("ERR_"), dom);
        var rec = proxy.awaitAccess(a -> a.url() != null && a.url().endsWith("/hello") && a.tlsInspected());
        assertEquals(200, rec.status());
    }

    @Test
    void aBlockedPathShowsTheBlockPageInsideTls() throws Exception {
        String dom = browser.dumpDom(proxyUrl(), "https://localhost:" + origin.port() + "/admin");
        assertTrue(dom.contains("Blocked by Acme IT"), dom);
        assertTrue(dom.contains("Admin pages are off limits"), dom);
        // (The browser also fetches /favicon.ico, which policy allows.)
        assertTrue(origin.seen.stream().noneMatch(r -> r.uri().startsWith("/admin")),
                "the origin never saw the blocked request");
    }
}
