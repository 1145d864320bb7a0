package dev.portcullis.e2e.http2;

import dev.portcullis.e2e.support.Chromium;
import dev.portcullis.e2e.support.ProxyFixture;
import dev.portcullis.e2e.support.TestOrigin;
import dev.portcullis.e2e.support.TestPki;
import dev.portcullis.e2e.support.TlsOrigins;
import dev.portcullis.tls.ca.CaGenerator;
import io.micrometer.core.instrument.Counter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chromium with {@code --proxy-server=https://…}: it speaks h2 to the proxy's HTTPS listener (whose certificate is
 * minted from the org CA the browser trusts), so every page is a CONNECT stream. A do-not-inspect host is tunnelled
 * (the browser sees the origin's own certificate, so it must trust the origin CA too), an inspected one is decrypted
 * on the stream, and a blocked path shows the block page.
 */
class ChromiumHttpsProxyTest {
    @TempDir
    static Path dir;
    static TestOrigin origin;
    static ProxyFixture proxy;
    static Chromium browser;

    @BeforeAll
    static void start() throws Exception {
        Chromium.require();
        CaGenerator.CaFiles ca = CaGenerator.generate(dir.resolve("org"), "Chromium H2 Org CA", 30);
        TestPki originPki = new TestPki("Chromium H2 Origin CA");
        origin = TestOrigin.tls(TlsOrigins.server(originPki.leaf("localhost", "127.0.0.1")));
        Path originCa = originPki.writeCaPem(Files.createDirectories(dir.resolve("origin")));
        Path policy = Files.writeString(dir.resolve("policy.json"), """
                {"rules": [{"id": "no-admin", "name": "No admin pages", "precedence": 1, "action": "block",
                            "filters": ["http"], "traffic": "http.request.uri.path == \\"/admin\\"",
                            "rule_settings": {"block_page_enabled": true, "block_reason": "Admin pages are off limits"}}],
                 "settings": {"tls_decrypt": {"enabled": true}, "default_action": "allow",
                              "block_page": {"title": "Blocked by Acme IT", "footer": "ask the helpdesk"}}}
                """);
        proxy = ProxyFixture.startWithPolicy("""
                proxy:
                  listen: ["127.0.0.1:0"]
                  tls_listen: "127.0.0.1:0"
                upstream:
                  allow_destinations: ["127.0.0.1/32"]
                  ca_files: ["%s"]
                inspection:
                  ca_cert: "%s"
                  ca_key: "%s"
                  do_not_inspect_hosts: ["127.0.0.1"]
                policy:
                  file: "%s"
                  watch: false
                """.formatted(originCa, ca.certificate(), ca.key(), policy));
        browser = Chromium.trusting(dir, ca.certificate());
        // The tunnelled page shows the origin's own certificate: the browser trusts its CA as well.
        Path nss = dir.resolve("home/.pki/nssdb");
        Process p = new ProcessBuilder("/usr/bin/certutil", "-d", "sql:" + nss, "-A", "-t", "C,,", "-n",
                "origin-ca", "-i", originCa.toString()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "certutil: " + out);
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
        return "https://127.0.0.1:" + proxy.daemon.tlsProxyAddress().orElseThrow().getPort();
    }

    private double streams(String kind) {
        Counter c = proxy.daemon.metrics().registry().find("portcullis.http2.streams").tag("kind", kind).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void anInspectedPageLoadsOverAnH2ConnectStream() throws Exception {
        double before = streams("inspect");
        String dom = browser.dumpDom(proxyUrl(), "https://localhost:" + origin.port() + "/hello");
        assertTrue(dom.contains("hello"), dom);
        assertFalse(dom.contains("ERR_"), dom);
        var rec = proxy.awaitAccess(a -> a.url() != null && a.url().endsWith("/hello") && a.tlsInspected());
        assertEquals(200, rec.status());
        assertTrue(streams("inspect") > before, "Chromium's CONNECT arrived as an inspected h2 stream");
    }

    @Test
    void aDoNotInspectHostIsTunnelledWithTheOriginsCertificate() throws Exception {
        double before = streams("connect");
        String dom = browser.dumpDom(proxyUrl(), "https://127.0.0.1:" + origin.port() + "/hello");
        assertTrue(dom.contains("hello"), dom);
        var rec = proxy.awaitAccess(a -> "tunnel".equals(a.kind()) && a.port() == origin.port()
                && "127.0.0.1".equals(a.host()) && a.status() == 200);
        assertFalse(rec.tlsInspected());
        assertTrue(streams("connect") > before, "the tunnel was an h2 CONNECT stream");
    }

    @Test
    void aBlockedPathShowsTheBlockPage() throws Exception {
        double before = streams("inspect");
        String dom = browser.dumpDom(proxyUrl(), "https://localhost:" + origin.port() + "/admin");
        assertTrue(dom.contains("Blocked by Acme IT"), dom);
        assertTrue(dom.contains("Admin pages are off limits"), dom);
        assertTrue(origin.seen.stream().noneMatch(r -> r.uri().startsWith("/admin")),
                "the origin never saw the blocked request");
        assertTrue(streams("inspect") > before, "the block page came inside an inspected h2 stream");
    }
}
