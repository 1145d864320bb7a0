package dev.portcullis.e2e.inspect;

import dev.portcullis.e2e.support.ProxyFixture;
import dev.portcullis.e2e.support.TestOrigin;
import dev.portcullis.e2e.support.TestPki;
import dev.portcullis.e2e.support.TlsOrigins;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Prints what inspection costs on this machine: a new connection (CONNECT, both handshakes, first response) and a
 * request on an established connection, inspected and tunnelled, with a warm leaf cache. Asserts only that every
 * request succeeded; the figures are for the README.
 */
class InspectTimingReportTest {
    static final int CONNECTIONS = 40;
    static final int REQUESTS = 300;

    @TempDir
    Path dir;

    @Test
    void report() throws Exception {
        OrgCa org = OrgCa.create(dir.resolve("org"));
        TestPki pki = new TestPki("Timing Origin CA");
        try (TestOrigin origin = TestOrigin.tls(TlsOrigins.server(pki.leaf("localhost", "127.0.0.1"), "http/1.1"));
             ProxyFixture inspecting = ProxyFixture.start(org.yaml(pki.writeCaPem(dir)));
             ProxyFixture tunnelling = ProxyFixture.start(org.yaml(pki.writeCaPem(dir), "localhost"))) {
            String host = "localhost:" + origin.port();
            for (boolean inspected : new boolean[]{true, false}) {
                int proxyPort = inspected ? inspecting.port() : tunnelling.port();
                SSLContext trust = inspected ? org.clientContext() : pki.clientContext();
                long[] connect = new long[CONNECTIONS];
                for (int i = 0; i < CONNECTIONS; i++) {
                    long t0 = System.nanoTime();
                    try (SSLSocket tls = ProxiedTls.open(proxyPort, "localhost", origin.port(), trust, "http/1.1")) {
                        exchange(tls, host);
                    }
                    connect[i] = System.nanoTime() - t0;
                }
                long[] requests = new long[REQUESTS];
                try (SSLSocket tls = ProxiedTls.open(proxyPort, "localhost", origin.port(), trust, "http/1.1")) {
                    for (int i = 0; i < REQUESTS; i++) {
                        long t0 = System.nanoTime();
                        exchange(tls, host);
                        requests[i] = System.nanoTime() - t0;
                    }
                }
                System.out.printf("%s: new connection + first response median %.2f ms p90 %.2f ms;"
                                + " keep-alive request median %.3f ms p90 %.3f ms%n", inspected ? "inspected" : "tunnelled",
                        ms(connect, 50), ms(connect, 90), ms(requests, 50), ms(requests, 90));
            }
        }
    }

    private static void exchange(SSLSocket tls, String host) throws Exception {
        OutputStream out = tls.getOutputStream();
        out.write(("GET /hello HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = tls.getInputStream();
        String head = ProxiedTls.readHead(in);
        assertTrue(head.startsWith("HTTP/1.1 200"), head);
        int length = Integer.parseInt(head.lines().filter(l -> l.regionMatches(true, 0, "content-length:", 0, 15))
                .findFirst().orElseThrow().substring(15).strip());
        assertTrue(in.readNBytes(length).length == length);
    }

    private static double ms(long[] nanos, int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, sorted.length * percentile / 100)] / 1e6;
    }
}
