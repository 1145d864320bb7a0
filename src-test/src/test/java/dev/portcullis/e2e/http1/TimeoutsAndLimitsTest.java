package dev.portcullis.e2e.http1;

import dev.portcullis.e2e.support.ProxyFixture;
import dev.portcullis.e2e.support.RawHttp;
import dev.portcullis.e2e.support.TestOrigin;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Slowloris, idle keep-alive connections and the connection cap. */
class TimeoutsAndLimitsTest {

    @Test
    void aRequestHeadThatTrickles408sAndCloses() throws Exception {
        try (ProxyFixture proxy = ProxyFixture.start("""
                timeouts:
                  header_read: "300ms"
                  client_idle: "30s"
                """); RawHttp c = new RawHttp(proxy.address())) {
            c.send("GET http://127.0.0.1:1/ HTTP/1.1\r\nHost: x\r\n");
            RawHttp.Response r = c.readResponse();
            assertEquals(408, r.status());
            assertEquals("request_timeout", r.header("x-portcullis-error"));
            assertTrue(c.closedByPeer());
        }
    }

    @Test
    void anIdleConnectionIsClosedSilently() throws Exception {
        try (ProxyFixture proxy = ProxyFixture.start("""
                timeouts:
                  header_read: "10s"
                  client_idle: "300ms"
                """); RawHttp c = new RawHttp(proxy.address())) {
            assertTrue(c.closedByPeer());
        }
    }

    @Test
    void connectionsBeyondTheCapGet503() throws Exception {
        try (TestOrigin origin = TestOrigin.plain();
             ProxyFixture proxy = ProxyFixture.start("""
                     upstream:
                       allow_destinations: ["127.0.0.1/32"]
                     limits:
                       max_connections: 2
                     """);
             RawHttp a = new RawHttp(proxy.address());
             RawHttp b = new RawHttp(proxy.address())) {
            for (RawHttp c : new RawHttp[]{a, b}) {
                c.send("GET " + origin.base() + "/hello HTTP/1.1\r\nHost: x\r\n\r\n");
                assertEquals(200, c.readResponse().status());
            }
            try (RawHttp third = new RawHttp(proxy.address())) {
                RawHttp.Response r = third.readResponse();
                assertEquals(503, r.status());
                assertEquals("too_many_connections", r.header("x-portcullis-error"));
            }
            // The two admitted connections are undisturbed.
            a.send("GET " + origin.base() + "/hello HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(200, a.readResponse().status());
        }
    }
}
