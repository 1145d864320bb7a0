package dev.portcullis.e2e.http1;

import dev.portcullis.e2e.support.Await;
import dev.portcullis.e2e.support.ProxyFixture;
import dev.portcullis.e2e.support.RawHttp;
import dev.portcullis.e2e.support.TestOrigin;
import dev.portcullis.proxy.observe.AccessRecord;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bodies of any size flow through with bounded memory, and a vanished client frees the origin connection. */
class StreamingTest {
    static final long MIB = 1024 * 1024;
    static TestOrigin origin;
    static ProxyFixture proxy;

    @BeforeAll
    static void start() throws Exception {
        origin = TestOrigin.plain();
        proxy = ProxyFixture.startAllowingLoopback();
    }

    @AfterAll
    static void stop() {
        proxy.close();
        origin.close();
    }

    @Test
    void largeUploadIsStreamedToTheOrigin() throws Exception {
        long size = 64 * MIB;
        HttpResponse<String> r = proxy.client().send(HttpRequest.newBuilder(URI.create(origin.base() + "/count"))
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new PatternStream(size))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("received " + size + "\n", r.body());
    }

    @Test
    void largeDownloadArrivesIntact() throws Exception {
        long size = 64 * MIB;
        HttpResponse<InputStream> r = proxy.client().send(HttpRequest.newBuilder(
                URI.create(origin.base() + "/bytes?n=" + size)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        try (InputStream in = r.body()) {
            assertEquals(size, verifyPattern(in, 0));
        }
    }

    @Test
    void aClientThatStopsReadingStopsTheOriginAndTheProxyBuffersLittle() throws Exception {
        long size = 128 * MIB;
        long writtenBefore = origin.bytesWritten.get();
        try (RawHttp c = new RawHttp(proxy.address())) {
            c.socket().setReceiveBufferSize(64 * 1024);
            c.send("GET " + origin.base() + "/bytes?n=" + size + " HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response head = c.readHeadResponse();
            assertEquals(200, head.status());
            // Now the client reads nothing: the transfer must stall well short of the whole body.
            long stalledAt = Await.settled("origin writes", Duration.ofSeconds(20), Duration.ofMillis(500),
                    origin.bytesWritten::get) - writtenBefore;
            long proxyDirect = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
            assertTrue(stalledAt < 64 * MIB, "origin kept writing: " + stalledAt + " bytes");
            assertTrue(proxyDirect < 32 * MIB, "proxy holds " + proxyDirect + " bytes of direct memory");
            // Reading again drains everything, byte-exact.
            try (InputStream in = c.socket().getInputStream()) {
                assertEquals(size, verifyPattern(in, size));
            }
        }
    }

    @Test
    void clientVanishingMidUploadClosesTheOriginConnection() throws Exception {
        int closedBefore = origin.closedConnections.get();
        try (RawHttp c = new RawHttp(proxy.address())) {
            c.send("POST " + origin.base() + "/count HTTP/1.1\r\nHost: x\r\nContent-Length: " + (50 * MIB)
                    + "\r\n\r\n");
            c.send(new byte[(int) MIB]);
            Await.until("origin received part of the body", Duration.ofSeconds(10),
                    () -> origin.bytesReceived.get() > 0);
        }
        Await.until("origin connection closed", Duration.ofSeconds(10),
                () -> origin.closedConnections.get() > closedBefore);
        AccessRecord rec = proxy.awaitAccess(a -> "client_closed".equals(a.errorCode()));
        assertTrue(rec.url().endsWith("/count"));
    }

    @Test
    void clientVanishingMidDownloadClosesTheOriginConnection() throws Exception {
        int closedBefore = origin.closedConnections.get();
        try (RawHttp c = new RawHttp(proxy.address())) {
            c.send("GET " + origin.base() + "/bytes?n=" + (256 * MIB) + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, c.readHeadResponse().status());
            c.readExactly((int) MIB);
        }
        Await.until("origin connection closed", Duration.ofSeconds(10),
                () -> origin.closedConnections.get() > closedBefore);
    }

    /** Reads the stream to its end, checking every byte against the origin's pattern; returns the count. */
    static long verifyPattern(InputStream in, long expected) throws IOException {
        byte[] buf = new byte[65536];
        long offset = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            for (int i = 0; i < n; i++) {
                if (buf[i] != TestOrigin.pattern(offset + i)) {
                    throw new AssertionError("byte " + (offset + i) + " differs");
                }
            }
            offset += n;
            if (expected > 0 && offset == expected) {
                break;
            }
        }
        return offset;
    }

    /** An input stream of {@code size} pattern bytes, generated on the fly. */
    static final class PatternStream extends InputStream {
        private final long size;
        private long pos;

        PatternStream(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            return pos < size ? TestOrigin.pattern(pos++) & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - pos);
            for (int i = 0; i < n; i++) {
                b[off + i] = TestOrigin.pattern(pos++);
            }
            return n;
        }
    }
}
