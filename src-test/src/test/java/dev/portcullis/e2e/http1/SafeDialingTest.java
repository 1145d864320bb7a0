package dev.portcullis.e2e.http1;

import dev.portcullis.e2e.support.ProxyFixture;
import dev.portcullis.e2e.support.RawHttp;
import dev.portcullis.e2e.support.TestOrigin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SSRF guard end to end: without an allow-destination, every encoding of a loopback origin is refused with
 * 403 and the origin sees nothing; with one, exactly the allowed ports open. (Private and link-local ranges are
 * covered by the guard's unit tables: an end-to-end test must never risk dialing them.)
 */
class SafeDialingTest {
    static TestOrigin origin;
    static ProxyFixture guarded;

    @BeforeAll
    static void start() throws Exception {
        origin = TestOrigin.plain();
        guarded = ProxyFixture.start("");
    }

    @AfterAll
    static void stop() {
        guarded.close();
        origin.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"127.0.0.1", "127.1", "127.0.1", "2130706433", "0x7f000001", "0x7f.0.0.1", "0177.0.0.1",
            "017700000001", "127.0.0.1.", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[::1]", "localhost",
            "LOCALHOST", "[0:0:0:0:0:ffff:127.0.0.1]"})
    void loopbackInEveryEncodingIsRefused(String host) throws Exception {
        int before = origin.connections.get();
        try (RawHttp c = new RawHttp(guarded.address())) {
            c.send("GET http://" + host + ":" + origin.port() + "/hello HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response r = c.readResponse();
            assertEquals(403, r.status(), host + ": " + r.text());
            assertEquals("destination_forbidden", r.header("x-portcullis-error"));
            assertTrue(r.text().contains("loopback"), r.text());
        }
        assertEquals(before, origin.connections.get(), "nothing may reach the origin");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"256.0.0.1", "1.2.3.4.5", "0x1ffffffff", "08.0.0.1", "bad_host!", "[fe80::1%25eth0]"})
    void invalidHostLiteralsAreBadRequests(String host) throws Exception {
        try (RawHttp c = new RawHttp(guarded.address())) {
            c.send("GET http://" + host + "/ HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response r = c.readResponse();
            assertEquals(400, r.status(), host + ": " + r.text());
        }
    }

    @Test
    void connectToLoopbackIsRefused() throws Exception {
        int before = origin.connections.get();
        try (RawHttp c = new RawHttp(guarded.address())) {
            c.send("CONNECT 127.1:" + origin.port() + " HTTP/1.1\r\nHost: 127.1\r\n\r\n");
            RawHttp.Response r = c.readResponse();
            assertEquals(403, r.status(), r.text());
            assertTrue(c.closedByPeer());
        }
        assertEquals(before, origin.connections.get());
    }

    @Test
    void allowDestinationOpensOnlyItsPortsAndConnectPortsStillApplyElsewhere() throws Exception {
        try (ProxyFixture scoped = ProxyFixture.start("""
                upstream:
                  allow_destinations: ["127.0.0.1/32:%d"]
                """.formatted(origin.port()))) {
            try (RawHttp c = new RawHttp(scoped.address())) {
                c.send("GET " + origin.base() + "/hello HTTP/1.1\r\nHost: x\r\n\r\n");
                assertEquals(200, c.readResponse().status());
            }
            try (RawHttp c = new RawHttp(scoped.address())) {
                // CONNECT to the allowed address and port works though the port is not in connect_ports...
                c.send("CONNECT 127.0.0.1:" + origin.port() + " HTTP/1.1\r\nHost: x\r\n\r\n");
                assertEquals(200, c.readHeadResponse().status());
            }
            try (RawHttp c = new RawHttp(scoped.address())) {
                // ...while another port on the same address stays closed.
                c.send("CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: x\r\n\r\n");
                RawHttp.Response r = c.readResponse();
                assertEquals(403, r.status(), r.text());
            }
        }
    }
}
