package dev.portcullis.e2e.inspect;

import dev.portcullis.e2e.support.Chromium;
import dev.portcullis.e2e.support.ProxyFixture;
import dev.portcullis.e2e.support.TestOrigin;
import dev.portcullis.e2e.support.TestPki;
import dev.portcullis.e2e.support.TlsOrigins;
import dev.portcullis.proxy.observe.AccessRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A browser that trusts only the origin's own CA, never the org CA: a page from a do-not-inspect host loads, which
 * can only happen if Chromium was shown the origin's certificate; the same origin under a name that is inspected
 * fails, because the minted leaf is not trusted. So the pinned-host bypass is proven from the browser's side.
 */
class ChromiumDoNotInspectTest {
    @TempDir
    static Path dir;
    static TestOrigin origin;
    static ProxyFixture proxy;
    static Chromium browser;

    @BeforeAll
    static void start() throws Exception {
        Chromium.require();
        OrgCa org = OrgCa.create(dir.resolve("org"));
        TestPki originPki = new TestPki("Pinned Origin CA");
        origin = TestOrigin.tls(TlsOrigins.server(originPki.leaf("localhost", "127.0.0.1")));
        Path originCa = originPki.writeCaPem(dir);
        proxy = ProxyFixture.start(org.yaml(originCa, "localhost"));
        browser = Chromium.trusting(dir, originCa);
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
    void aDoNotInspectHostShowsTheBrowserTheOriginsOwnCertificate() throws Exception {
        String dom = browser.dumpDom(proxyUrl(), "https://localhost:" + origin.port() + "/hello");
        assertTrue(dom.contains("hello"), dom);
        AccessRecord tunnel = proxy.awaitAccess(a -> "tunnel".equals(a.kind()) && "localhost".equals(a.host()));
        assertFalse(tunnel.tlsInspected());
        assertEquals(200, tunnel.status());
    }

    @Test
    void theSameOriginUnderAnInspectedNameIsNotTrustedByThatBrowser() throws Exception {
        String dom = browser.dumpDom(proxyUrl(), "https://127.0.0.1:" + origin.port() + "/hello");
        assertFalse(dom.contains("hello"), "a browser without the org CA must refuse the minted leaf: " + dom);
        assertTrue(origin.seen.stream().noneMatch(r -> r.uri().startsWith("/hello") && "127.0.0.1".equals(
                hostOnly(r.headers().get("Host")))), "the refused page never reached the origin");
    }

    private static String hostOnly(String host) {
        if (host == null) {
            return null;
        }
        int colon = host.lastIndexOf(':');
        return colon > 0 ? host.substring(0, colon) : host;
    }
}
