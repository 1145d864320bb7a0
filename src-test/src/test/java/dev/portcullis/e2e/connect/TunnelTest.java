package dev.portcullis.e2e.connect;

import dev.portcullis.e2e.support.EofReplyServer;
import dev.portcullis.e2e.support.ProxyFixture;
import dev.portcullis.e2e.support.RawHttp;
import dev.portcullis.e2e.support.TestOrigin;
import dev.portcullis.e2e.support.TestPki;
import dev.portcullis.e2e.support.TlsOrigins;
import dev.portcullis.proxy.observe.AccessRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CONNECT tunnels: TLS through them with a real client, half-close, early data, and the tunnel's record. */
class TunnelTest {
    static TestPki pki;
    static TestOrigin tlsOrigin;
    static ProxyFixture proxy;

    @BeforeAll
    static void start() throws Exception {
        pki = new TestPki("Tunnel Test CA");
        tlsOrigin = TestOrigin.tls(TlsOrigins.server(pki.leaf("localhost", "127.0.0.1")));
        proxy = ProxyFixture.startAllowingLoopback();
    }

    @AfterAll
    static void stop() {
        proxy.close();
        tlsOrigin.close();
    }

    @Test
    void httpsThroughTheTunnelWithTheJdkClientReusesOneTunnel() throws Exception {
        HttpClient client = HttpClient.newBuilder()
                .proxy(ProxySelector.of(proxy.address()))
                .sslContext(pki.clientContext())
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        int before = tlsOrigin.connections.get();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + tlsOrigin.port() + "/hello")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals("hello\n", r.body());
            // Inside a tunnel the proxy touches nothing: no Via.
            assertTrue(r.headers().firstValue("via").isEmpty());
        }
        assertEquals(before + 1, tlsOrigin.connections.get(), "one tunnel for five requests");
    }

    @Test
    void halfCloseIsPassedOnAndTheReplyStillArrives() throws Exception {
        try (EofReplyServer eof = new EofReplyServer(); RawHttp c = new RawHttp(proxy.address())) {
            c.send("CONNECT 127.0.0.1:" + eof.port() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            RawHttp.Response established = c.readHeadResponse();
            assertEquals(200, established.status());
            byte[] payload = new byte[200_000];
            java.util.Arrays.fill(payload, (byte) 'p');
            c.send(payload);
            c.socket().shutdownOutput();
            String reply = new String(c.readToEnd(), StandardCharsets.ISO_8859_1);
            assertEquals("got 200000 bytes starting pppppppppppppppp", reply);
        }
        AccessRecord rec = proxy.awaitAccess(a -> "tunnel".equals(a.kind()) && a.bytesFromClient() == 200_000);
        assertEquals(200_000, rec.bytesFromClient());
        assertTrue(rec.bytesToClient() > 20);
    }

    @Test
    void bytesSentRightAfterTheConnectHeadAreNotLost() throws Exception {
        try (EofReplyServer eof = new EofReplyServer(); RawHttp c = new RawHttp(proxy.address())) {
            c.send("CONNECT 127.0.0.1:" + eof.port() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nEARLY-DATA-0123456789");
            assertEquals(200, c.readHeadResponse().status());
            c.socket().shutdownOutput();
            String reply = new String(c.readToEnd(), StandardCharsets.ISO_8859_1);
            assertEquals("got 21 bytes starting EARLY-DATA-01234", reply);
        }
    }

    @Test
    void connectWithoutPortIsABadRequest() throws Exception {
        try (RawHttp c = new RawHttp(proxy.address())) {
            c.send("CONNECT 127.0.0.1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertEquals(400, c.readResponse().status());
        }
    }

    @Test
    void connectPortOutsideTheListIsRefusedWithoutAnException() throws Exception {
        try (ProxyFixture strict = ProxyFixture.start("")) {
            try (RawHttp c = new RawHttp(strict.address())) {
                c.send("CONNECT 127.0.0.1:" + tlsOrigin.port() + " HTTP/1.1\r\nHost: x\r\n\r\n");
                RawHttp.Response r = c.readResponse();
                assertEquals(403, r.status());
            }
        }
    }
}
