package dev.portcullis.e2e.inspect;

import dev.portcullis.e2e.support.ProxyFixture;
import dev.portcullis.e2e.support.TestOrigin;
import dev.portcullis.e2e.support.TestPki;
import dev.portcullis.proxy.inspect.Inspection;
import dev.portcullis.proxy.observe.AccessRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With the not-TLS action set to tunnel, plain bytes inside a CONNECT to be inspected are relayed (and logged). */
class NotTlsTunnelTest {
    @TempDir
    Path dir;

    @Test
    void plainHttpIsRelayedUninspected() throws Exception {
        OrgCa org = OrgCa.create(dir.resolve("org"));
        try (TestOrigin plain = TestOrigin.plain();
             ProxyFixture proxy = ProxyFixture.start(org.yaml(new TestPki("unused").writeCaPem(dir))
                     + "  not_tls_action: \"tunnel\"\n")) {
            try (Socket raw = ProxiedTls.connect(proxy.port(), "localhost", plain.port())) {
                raw.getOutputStream().write(("GET /hello HTTP/1.1\r\nHost: localhost:" + plain.port()
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                String response = new String(raw.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                assertTrue(response.startsWith("HTTP/1.1 200"), response);
                assertTrue(response.endsWith("hello\n"), response);
            }
            AccessRecord rec = proxy.awaitAccess(a -> Inspection.NOT_TLS.equals(a.errorCode()));
            assertEquals("allow", rec.action());
            assertEquals(1, plain.requests.get());
        }
    }
}
