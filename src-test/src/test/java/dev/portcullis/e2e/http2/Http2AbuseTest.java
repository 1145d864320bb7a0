package dev.portcullis.e2e.http2;

import dev.portcullis.proxy.http2.Http2Limits;
import dev.portcullis.e2e.support.Await;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Flow control as backpressure, Rapid Reset, and GOAWAY on drain. */
class Http2AbuseTest {
    private static final String ALLOW_LOOPBACK = """
            upstream:
              allow_destinations: ["127.0.0.1/32"]
            """;
    private static final long FLOOD = 64L * 1024 * 1024;

    @Test
    void aStreamThatIsNotReadStopsTheProxyReadingTheOrigin(@TempDir Path dir) throws Exception {
        try (TcpOrigin flood = TcpOrigin.flood(FLOOD);
             H2Proxy proxy = new H2Proxy(dir, ALLOW_LOOPBACK);
             H2Client client = proxy.client()) {
            H2Client.Stream slow = client.open(H2Client.connect("127.0.0.1:" + flood.port()), false);
            assertEquals("200", slow.response.get(10, TimeUnit.SECONDS).status().toString());
            // The client reads nothing more, so its 64 KiB stream window is never returned. The proxy may hold one
            // window plus its socket buffers; the origin must stall far short of the 64 MiB it wants to send.
            long stalledAt = Await.settled("origin writes stall", Duration.ofSeconds(20), Duration.ofSeconds(1),
                    flood.bytesWritten::get);
            assertTrue(stalledAt < FLOOD / 4, "origin wrote " + stalledAt + " bytes to a stream nobody reads");

            // Reading again resumes the flow to the end.
            long resumed = System.nanoTime();
            slow.channel.config().setAutoRead(true);
            slow.channel.read();
            Await.until("all bytes relayed after the reader resumed", Duration.ofSeconds(30),
                    () -> slow.size() == FLOOD);
            double seconds = (System.nanoTime() - resumed) / 1e9;
            System.out.printf("h2 backpressure: origin stalled after %d KiB of %d MiB; the rest relayed at %.0f MiB/s%n",
                    stalledAt / 1024, FLOOD >> 20, (FLOOD - stalledAt) / 1048576.0 / seconds);
        }
    }

    @Test
    void rapidResetGetsGoAwayWhileAnotherConnectionKeepsWorking(@TempDir Path dir) throws Exception {
        try (TcpOrigin echo = TcpOrigin.echo();
             H2Proxy proxy = new H2Proxy(dir, ALLOW_LOOPBACK);
             H2Client attacker = proxy.client();
             H2Client bystander = proxy.client()) {
            H2Client.Stream working = bystander.open(H2Client.connect("127.0.0.1:" + echo.port()), true);
            assertEquals("200", working.response.get(10, TimeUnit.SECONDS).status().toString());

            // HEADERS then RST_STREAM at once, over and over (CVE-2023-44487); the target is refused cheaply.
            // Frames of one connection are handled in order, so a stream answered after N pairs proves the proxy
            // took those N resets without GOAWAY — no timing in the assertion.
            int budget = Http2Limits.DEFAULT_MAX_RESETS_PER_WINDOW;
            try (H2Client calm = proxy.client()) {
                assertEquals(budget - 50, rapidResets(calm, budget - 50), "a client under the budget is not cut off");
                H2Client.Stream after = calm.open(H2Client.connect("127.0.0.1:" + echo.port()), true);
                assertEquals("200", after.response.get(10, TimeUnit.SECONDS).status().toString());
                assertFalse(calm.goAway.isDone(), "no GOAWAY under the reset budget");
            }
            int sent = rapidResets(attacker, 2 * budget);
            // The proxy writes GOAWAY and closes. The GOAWAY itself can be lost: the client is still writing, so
            // the proxy's kernel answers those bytes with a TCP RST, which discards what the client had not read
            // yet. The connection ending is the limit at work (the calm client above proved resets alone under
            // the budget do not end one); when GOAWAY does arrive, its code must say why.
            Await.until("the attacker's connection closed", Duration.ofSeconds(10),
                    () -> !attacker.connection.isActive());
            if (attacker.goAway.isDone()) {
                assertEquals(Http2Error.ENHANCE_YOUR_CALM.code(), attacker.goAway.getNow(0L));
            }
            assertTrue(sent > budget - 50, "cut off after " + sent + " resets, before the budget of " + budget);
            System.out.printf("h2 rapid reset: %s after %d HEADERS+RST_STREAM pairs sent%n",
                    attacker.goAway.isDone() ? "GOAWAY ENHANCE_YOUR_CALM" : "connection closed", sent);

            working.send("unaffected", false);
            Await.until("the other connection still relays", Duration.ofSeconds(10),
                    () -> working.text().equals("unaffected"));
            try (H2Client fresh = proxy.client()) {
                H2Client.Stream s = fresh.open(H2Client.connect("127.0.0.1:" + echo.port()), true);
                assertEquals("200", s.response.get(10, TimeUnit.SECONDS).status().toString());
            }
        }
    }

    @Test
    void theRapidResetBudgetComesFromTheConfig(@TempDir Path dir) throws Exception {
        int budget = 20;
        try (TcpOrigin echo = TcpOrigin.echo();
             H2Proxy proxy = new H2Proxy(dir, ALLOW_LOOPBACK + "limits:\n  h2_max_resets: " + budget + "\n");
             H2Client calm = proxy.client();
             H2Client attacker = proxy.client()) {
            assertEquals(budget - 5, rapidResets(calm, budget - 5));
            H2Client.Stream after = calm.open(H2Client.connect("127.0.0.1:" + echo.port()), true);
            assertEquals("200", after.response.get(10, TimeUnit.SECONDS).status().toString(),
                    "under the configured budget the connection keeps working");
            // 5x the configured budget is still half the default one (200): if this ends the connection, the
            // configured budget is the one in force. (How many the client got out first is scheduling, not asserted.)
            rapidResets(attacker, 5 * budget);
            Await.until("the attacker's connection closed", Duration.ofSeconds(10),
                    () -> !attacker.connection.isActive());
        }
    }

    /** Sends up to {@code max} HEADERS+RST_STREAM pairs, stopping when the proxy says GOAWAY; returns how many. */
    private static int rapidResets(H2Client client, int max) throws Exception {
        int sent = 0;
        while (!client.goAway.isDone() && client.connection.isActive() && sent < max) {
            Http2StreamChannel s;
            try {
                s = new Http2StreamChannelBootstrap(client.connection).handler(new ChannelInboundHandlerAdapter())
                        .option(ChannelOption.AUTO_READ, true).open().get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                break; // the connection went away under us
            }
            s.write(new DefaultHttp2HeadersFrame(H2Client.connect("127.0.0.1:1"), false));
            s.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL));
            sent++;
        }
        return sent;
    }

    @Test
    void drainSendsGoAwayAndOpenTunnelsFinish(@TempDir Path dir) throws Exception {
        try (TcpOrigin echo = TcpOrigin.echo();
             H2Proxy proxy = new H2Proxy(dir, ALLOW_LOOPBACK);
             H2Client client = proxy.client()) {
            H2Client.Stream open = client.open(H2Client.connect("127.0.0.1:" + echo.port()), true);
            assertEquals("200", open.response.get(10, TimeUnit.SECONDS).status().toString());

            proxy.fixture.daemon.drain();
            assertEquals(Http2Error.NO_ERROR.code(), client.goAway.get(10, TimeUnit.SECONDS));
            open.send("after goaway", true);
            open.ended.get(10, TimeUnit.SECONDS);
            assertEquals("after goaway", open.text());
            Await.until("connection closed once its last stream ended", Duration.ofSeconds(10),
                    () -> !client.connection.isActive());
        }
    }
}
