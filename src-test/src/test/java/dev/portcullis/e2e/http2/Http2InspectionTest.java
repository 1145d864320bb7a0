package dev.portcullis.e2e.http2;

import dev.portcullis.e2e.support.Await;
import dev.portcullis.e2e.support.TestOrigin;
import dev.portcullis.e2e.support.TestPki;
import dev.portcullis.e2e.support.TlsOrigins;
import dev.portcullis.proxy.observe.AccessRecord;
import dev.portcullis.tls.ca.CaGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inspected CONNECT over HTTP/2: each stream gets a TLS handshake with a leaf minted by the org CA, its requests meet
 * the HTTP rules, and one stream's block or stall leaves the others alone.
 */
class Http2InspectionTest {
    @TempDir
    static Path dir;
    static X509Certificate orgCa;
    static TestOrigin origin;
    static H2Proxy proxy;

    @BeforeAll
    static void start() throws Exception {
        CaGenerator.CaFiles ca = CaGenerator.generate(dir.resolve("org"), "H2 Inspect Org CA", 30);
        try (InputStream in = Files.newInputStream(ca.certificate())) {
            orgCa = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        TestPki originPki = new TestPki("Origin CA");
        origin = TestOrigin.tls(TlsOrigins.server(originPki.leaf("localhost", "127.0.0.1"), "http/1.1"));
        Path originCa = originPki.writeCaPem(Files.createDirectories(dir.resolve("origin")));
        Path policy = Files.writeString(dir.resolve("policy.json"), """
                {"rules": [
                  {"id": "r-blocked", "name": "No /blocked", "precedence": 10, "action": "block", "filters": ["http"],
                   "traffic": "http.request.uri.path == \\"/blocked\\""}
                ],
                "settings": {"tls_decrypt": {"enabled": true}, "default_action": "allow"}}
                """);
        proxy = new H2Proxy(dir, """
                upstream:
                  allow_destinations: ["127.0.0.1/32"]
                  ca_files: ["%s"]
                inspection:
                  ca_cert: "%s"
                  ca_key: "%s"
                policy:
                  file: "%s"
                  watch: false
                """.formatted(originCa, ca.certificate(), ca.key(), policy), true);
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        origin.close();
    }

    @Test
    void twoInspectedStreamsOnOneConnectionAndABlockedPathStaysOnItsStream() throws Exception {
        double inspectedBefore = proxy.h2Streams("inspect");
        try (H2Client client = proxy.client()) {
            String authority = "localhost:" + origin.port();
            InnerHttp a = InnerHttp.open(client, H2Client.connect(authority), orgCa, "localhost", origin.port());
            InnerHttp b = InnerHttp.open(client, H2Client.connect(authority), orgCa, "localhost", origin.port());
            assertEquals(orgCa.getSubjectX500Principal().getName(), a.peerIssuer(), "leaf minted by the org CA");
            assertEquals(orgCa.getSubjectX500Principal().getName(), b.peerIssuer());

            String ha = a.get("localhost:" + origin.port(), "/hello");
            String hb = b.get("localhost:" + origin.port(), "/hello");
            assertEquals(200, InnerHttp.status(ha), ha);
            assertTrue(ha.endsWith("hello\n"), ha);
            assertEquals(200, InnerHttp.status(hb), hb);

            String blocked = a.get("localhost:" + origin.port(), "/blocked");
            assertEquals(403, InnerHttp.status(blocked), blocked);
            assertTrue(blocked.toLowerCase().contains("x-portcullis-rule: r-blocked"), blocked);
            String again = b.get("localhost:" + origin.port(), "/hello");
            assertEquals(200, InnerHttp.status(again), "the other stream keeps working: " + again);

            AccessRecord record = proxy.fixture.awaitAccess(r -> "http".equals(r.kind()) && r.status() == 403);
            assertEquals("r-blocked", record.ruleId());
            assertEquals(2, proxy.h2Streams("inspect") - inspectedBefore, "both streams inspected over h2");
        }
    }

    @Test
    void aSlowReaderOnAnInspectedStreamStaysBounded() throws Exception {
        long size = 48L << 20;
        try (H2Client client = proxy.client()) {
            client.growConnectionWindow(15 << 20);
            String authority = "localhost:" + origin.port();
            InnerHttp slow = InnerHttp.open(client, H2Client.connect(authority), orgCa, "localhost", origin.port());
            long before = origin.bytesWritten.get();
            slow.stream.channel.config().setAutoRead(false); // the client stops reading: its stream window fills
            slow.stream.channel.writeAndFlush(io.netty.buffer.Unpooled.copiedBuffer(
                    "GET /bytes?n=" + size + " HTTP/1.1\r\nHost: localhost:" + origin.port() + "\r\n\r\n",
                    java.nio.charset.StandardCharsets.US_ASCII));
            Await.until("the origin starts sending", Duration.ofSeconds(10),
                    () -> origin.bytesWritten.get() > before + (1 << 20));
            long stalled = Await.settled("origin writes", Duration.ofSeconds(30), Duration.ofMillis(700),
                    () -> origin.bytesWritten.get()) - before;
            assertTrue(stalled < 24L << 20, "origin sent " + stalled + " bytes to a client reading nothing");
            System.out.printf("inspected h2 stream, client reading nothing: origin stalled after %.1f MiB of %d MiB%n",
                    stalled / 1048576.0, size >> 20);

            // Meanwhile a second inspected stream on the same connection is served.
            InnerHttp other = InnerHttp.open(client, H2Client.connect(authority), orgCa, "localhost", origin.port());
            assertEquals(200, InnerHttp.status(other.get("localhost:" + origin.port(), "/hello")));

            slow.stream.channel.config().setAutoRead(true);
            Await.until("the slow reader gets the rest", Duration.ofSeconds(60),
                    () -> slow.stream.size() >= size);
            slow.stream.channel.close().get(5, TimeUnit.SECONDS);
        }
    }
}
