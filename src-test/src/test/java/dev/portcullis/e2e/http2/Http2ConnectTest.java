package dev.portcullis.e2e.http2;

import dev.portcullis.e2e.support.Await;
import dev.portcullis.e2e.support.TestPki;
import dev.portcullis.e2e.support.TlsOrigins;
import dev.portcullis.proxy.observe.AccessRecord;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CONNECT over HTTP/2 on the HTTPS listener: multiplexed tunnels, refusals per stream, malformed CONNECT. */
class Http2ConnectTest {
    private static final String ALLOW_LOOPBACK = """
            upstream:
              allow_destinations: ["127.0.0.1/32"]
            """;

    @Test
    void twoStreamsOnOneConnectionTunnelToATlsAndAPlainOrigin(@TempDir Path dir) throws Exception {
        TestPki originPki = new TestPki("Origin CA");
        try (TcpOrigin plain = TcpOrigin.echo();
             TcpOrigin tls = TcpOrigin.tlsEcho(TlsOrigins.server(originPki.leaf("127.0.0.1")));
             H2Proxy proxy = new H2Proxy(dir, ALLOW_LOOPBACK);
             H2Client client = proxy.client()) {
            H2Client.Stream a = client.open(H2Client.connect("127.0.0.1:" + plain.port()), true);
            H2Client.Stream b = client.open(H2Client.connect("127.0.0.1:" + tls.port()), true);
            assertEquals("200", a.response.get(10, TimeUnit.SECONDS).status().toString());
            assertEquals("200", b.response.get(10, TimeUnit.SECONDS).status().toString());

            SslHandler inner = b.startTls(SslContextBuilder.forClient().trustManager(originPki.caCert()).build(),
                    "127.0.0.1", tls.port());
            a.send("ping over a plain tunnel", false);
            inner.handshakeFuture().get(10, TimeUnit.SECONDS);
            b.channel.writeAndFlush(Unpooled.copiedBuffer("ping inside TLS", StandardCharsets.UTF_8));
            Await.until("plain echo", Duration.ofSeconds(10), () -> a.text().equals("ping over a plain tunnel"));
            Await.until("TLS echo", Duration.ofSeconds(10), () -> b.text().equals("ping inside TLS"));

            // END_STREAM → FIN to the origin → FIN back → END_STREAM: the tunnel ends cleanly, the other stays.
            a.send("last", true);
            a.ended.get(10, TimeUnit.SECONDS);
            assertEquals("ping over a plain tunnellast", a.text());
            AccessRecord record = proxy.fixture.awaitAccess(r -> r.port() == plain.port() && r.status() == 200);
            assertEquals("tunnel", record.kind());
            assertEquals("ping over a plain tunnel".length() + "last".length(), record.bytesFromClient());
            assertEquals(record.bytesFromClient(), record.bytesToClient());
            Await.until("origin connection closed", Duration.ofSeconds(10), () -> plain.closed.get() == 1);

            b.channel.writeAndFlush(Unpooled.copiedBuffer(" again", StandardCharsets.UTF_8));
            Await.until("TLS echo after the other stream ended", Duration.ofSeconds(10),
                    () -> b.text().equals("ping inside TLS again"));
        }
    }

    @Test
    void aRefusedConnectAnswersOnItsStreamOnly(@TempDir Path dir) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (TcpOrigin echo = TcpOrigin.echo()) {
            String upstream = """
                    upstream:
                      allow_destinations: ["127.0.0.1/32:%d", "127.0.0.1/32:%d"]
                    """.formatted(echo.port(), closedPort);
            try (H2Proxy proxy = new H2Proxy(dir, upstream); H2Client client = proxy.client()) {
                H2Client.Stream ok = client.open(H2Client.connect("127.0.0.1:" + echo.port()), true);
                assertEquals("200", ok.response.get(10, TimeUnit.SECONDS).status().toString());

                // Loopback on a port not allowed: the destination guard refuses, as over HTTP/1.1.
                H2Client.Stream forbidden = client.open(H2Client.connect("127.0.0.1:" + (echo.port() ^ 1)), true);
                Http2Headers refusal = forbidden.response.get(10, TimeUnit.SECONDS);
                assertEquals("403", refusal.status().toString());
                assertEquals("destination_forbidden", refusal.get("x-portcullis-error").toString());
                assertTrue(refusal.contains("x-portcullis-request-id"));
                assertFalse(refusal.contains("connection"), "connection-specific header sent over HTTP/2");
                forbidden.ended.get(10, TimeUnit.SECONDS);
                assertTrue(forbidden.text().startsWith("403 Forbidden"), forbidden.text());

                H2Client.Stream refused = client.open(H2Client.connect("127.0.0.1:" + closedPort), true);
                Http2Headers failed = refused.response.get(10, TimeUnit.SECONDS);
                assertEquals("502", failed.status().toString());
                assertEquals("connect_failed", failed.get("x-portcullis-error").toString());

                H2Client.Stream noPort = client.open(H2Client.connect("127.0.0.1"), true);
                assertEquals("400", noPort.response.get(10, TimeUnit.SECONDS).status().toString());

                ok.send("still here", false);
                Await.until("the allowed tunnel keeps working", Duration.ofSeconds(10),
                        () -> ok.text().equals("still here"));
                AccessRecord blocked = proxy.fixture.awaitAccess(r -> r.status() == 403);
                assertEquals("destination_forbidden", blocked.errorCode());
            }
        }
    }

    @Test
    void aConnectWithPathOrSchemeIsResetWithProtocolError(@TempDir Path dir) throws Exception {
        try (TcpOrigin echo = TcpOrigin.echo();
             H2Proxy proxy = new H2Proxy(dir, ALLOW_LOOPBACK);
             H2Client client = proxy.client()) {
            H2Client.Stream withPath = client.open(H2Client.connect("127.0.0.1:" + echo.port()).path("/"), true);
            assertEquals(Http2Error.PROTOCOL_ERROR.code(), withPath.reset.get(10, TimeUnit.SECONDS));
            H2Client.Stream withScheme = client.open(H2Client.connect("127.0.0.1:" + echo.port()).scheme("https"),
                    true);
            assertEquals(Http2Error.PROTOCOL_ERROR.code(), withScheme.reset.get(10, TimeUnit.SECONDS));
            assertEquals(0, echo.connections.get(), "a malformed CONNECT must not dial");

            H2Client.Stream fine = client.open(H2Client.connect("127.0.0.1:" + echo.port()), true);
            assertEquals("200", fine.response.get(10, TimeUnit.SECONDS).status().toString());
            assertFalse(client.goAway.isDone(), "a stream error must not end the connection");
        }
    }

    @Test
    void anHttpsRequestWithoutConnectIsAnswered501(@TempDir Path dir) throws Exception {
        try (H2Proxy proxy = new H2Proxy(dir, ALLOW_LOOPBACK); H2Client client = proxy.client()) {
            H2Client.Stream get = client.open(new io.netty.handler.codec.http2.DefaultHttp2Headers().method("GET")
                    .scheme("https").authority("example.com").path("/"), true);
            Http2Headers response = get.response.get(10, TimeUnit.SECONDS);
            assertEquals("501", response.status().toString());
            assertEquals("not_implemented", response.get("x-portcullis-error").toString());
            get.ended.get(10, TimeUnit.SECONDS);
            assertTrue(get.text().contains("send a CONNECT"), get.text());
        }
    }
}
