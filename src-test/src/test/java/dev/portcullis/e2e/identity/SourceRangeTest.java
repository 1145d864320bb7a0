package dev.portcullis.e2e.identity;

import dev.portcullis.e2e.support.ProxyFixture;
import dev.portcullis.e2e.support.RawHttp;
import dev.portcullis.e2e.support.TestOrigin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code proxy.allowed_sources}: test clients bind to 127.0.0.2 (inside) and 127.0.0.3 (outside). */
class SourceRangeTest {
    static TestOrigin origin;
    static ProxyFixture proxy;

    @BeforeAll
    static void start() throws Exception {
        origin = TestOrigin.plain();
        proxy = ProxyFixture.start("""
                proxy:
                  listen: ["127.0.0.1:0"]
                  allowed_sources: ["127.0.0.2/32"]
                upstream:
                  allow_destinations: ["127.0.0.1/32"]
                """);
    }

    @AfterAll
    static void stop() {
        proxy.close();
        origin.close();
    }

    @Test
    void aClientInsideTheRangeIsServed() throws Exception {
        try (RawHttp c = new RawHttp(proxy.address(), InetAddress.getByName("127.0.0.2"))) {
            c.send("GET " + origin.base() + "/hello HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response r = c.readResponse();
            assertEquals(200, r.status());
            assertEquals("hello\n", r.text());
        }
    }

    @Test
    void aClientOutsideGets403AndIsClosedBeforeItsRequestIsRead() throws Exception {
        int before = origin.requests.get();
        long refusedBefore = proxy.daemon.authCounters().sourceRefused();
        try (RawHttp c = new RawHttp(proxy.address(), InetAddress.getByName("127.0.0.3"))) {
            c.send("GET " + origin.base() + "/hello HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response r = c.readResponse();
            assertEquals(403, r.status());
            assertEquals("source_not_allowed", r.header("x-portcullis-error"));
            assertEquals("close", r.header("connection"));
            assertTrue(c.closedByPeer());
        }
        assertEquals(before, origin.requests.get(), "nothing was forwarded");
        assertEquals(refusedBefore + 1, proxy.daemon.authCounters().sourceRefused());
        assertEquals(0, proxy.daemon.activeConnections(), "a refused client never takes a connection slot");
    }

    @Test
    void connectFromOutsideIsRefusedToo() throws Exception {
        try (RawHttp c = new RawHttp(proxy.address(), InetAddress.getByName("127.0.0.3"))) {
            c.send("CONNECT 127.0.0.1:" + origin.port() + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(403, c.readResponse().status());
        }
    }
}
