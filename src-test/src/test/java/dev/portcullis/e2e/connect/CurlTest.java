package dev.portcullis.e2e.connect;

import dev.portcullis.e2e.support.Curl;
import dev.portcullis.e2e.support.ProxyFixture;
import dev.portcullis.e2e.support.TestOrigin;
import dev.portcullis.e2e.support.TestPki;
import dev.portcullis.e2e.support.TlsOrigins;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real curl through the proxy: absolute-form with -x, CONNECT tunnels with -p. */
class CurlTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void curl() {
        Curl.require();
    }

    @Test
    void plainHttpAndTunnelledHttps() throws Exception {
        TestPki pki = new TestPki("Curl Test CA");
        Path ca = pki.writeCaPem(dir);
        try (TestOrigin plain = TestOrigin.plain();
             TestOrigin tls = TestOrigin.tls(TlsOrigins.server(pki.leaf("localhost", "127.0.0.1")));
             ProxyFixture proxy = ProxyFixture.startAllowingLoopback()) {
            String proxyUrl = "http://127.0.0.1:" + proxy.port();
            Curl.Result get = Curl.run("-x", proxyUrl, plain.base() + "/hello");
            assertEquals(0, get.exitCode(), get.stderr());
            assertEquals("hello\n", get.stdout());

            Curl.Result tunnel = Curl.run("-p", "-x", proxyUrl, "--cacert", ca.toString(),
                    "https://127.0.0.1:" + tls.port() + "/hello");
            assertEquals(0, tunnel.exitCode(), tunnel.stderr());
            assertEquals("hello\n", tunnel.stdout());

            Curl.Result blocked = Curl.run("-o", "/dev/null", "-w", "%{http_code}", "-x", proxyUrl,
                    "http://no-such-host.invalid/");
            assertEquals("502", blocked.stdout());
            assertTrue(plain.requests.get() >= 1);
        }
    }
}
