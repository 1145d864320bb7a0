package dev.portcullis.e2e.http2;

import dev.portcullis.e2e.support.Curl;
import dev.portcullis.e2e.support.TestOrigin;
import dev.portcullis.e2e.support.TestPki;
import dev.portcullis.e2e.support.TlsOrigins;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A client that offers only http/1.1 (curl's HTTPS proxy support) gets the plain listener's HTTP/1.1 handling. */
class HttpsListenerHttp1Test {

    @Test
    void curlThroughTheHttpsProxyForwardsAndTunnels(@TempDir Path dir) throws Exception {
        Curl.require();
        TestPki originPki = new TestPki("Origin CA");
        try (TestOrigin plain = TestOrigin.plain();
             TestOrigin tls = TestOrigin.tls(TlsOrigins.server(originPki.leaf("127.0.0.1")));
             H2Proxy proxy = new H2Proxy(dir, """
                     upstream:
                       allow_destinations: ["127.0.0.1/32"]
                     """)) {
            String proxyUrl = "https://127.0.0.1:" + proxy.tlsAddress().getPort();
            String proxyCa = proxy.caPem.toString();

            Curl.Result get = Curl.run("-x", proxyUrl, "--proxy-cacert", proxyCa, plain.base() + "/headers");
            assertEquals(0, get.exitCode(), get.stderr());
            assertTrue(get.stdout().startsWith("GET /headers HTTP/1.1"), get.stdout());
            assertTrue(get.stdout().toLowerCase().contains("via: 1.1 portcullis"), get.stdout());

            Path originCa = originPki.writeCaPem(java.nio.file.Files.createDirectories(dir.resolve("origin")));
            Curl.Result tunnel = Curl.run("-x", proxyUrl, "--proxy-cacert", proxyCa, "--cacert", originCa.toString(),
                    "https://127.0.0.1:" + tls.port() + "/hello");
            assertEquals(0, tunnel.exitCode(), tunnel.stderr());
            assertEquals("hello\n", tunnel.stdout());

            Curl.Result untrusted = Curl.run("-x", proxyUrl, plain.base() + "/hello");
            assertTrue(untrusted.exitCode() != 0, "curl must not trust the proxy's certificate without its CA");
        }
    }
}
