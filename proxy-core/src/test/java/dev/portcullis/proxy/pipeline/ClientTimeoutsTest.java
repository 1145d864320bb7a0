package dev.portcullis.proxy.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Virtual time only (EmbeddedChannel's frozen ticker): nothing here waits on a wall clock. */
class ClientTimeoutsTest {
    private static final Duration IDLE = Duration.ofSeconds(60);
    private static final Duration HEAD = Duration.ofSeconds(10);

    private final ClientTimeouts timeouts = new ClientTimeouts(IDLE, HEAD);
    private final EmbeddedChannel ch = newChannel();

    private EmbeddedChannel newChannel() {
        EmbeddedChannel c = new EmbeddedChannel();
        c.freezeTime();
        c.pipeline().addLast(timeouts);
        c.pipeline().fireChannelActive(); // added after registration: start the idle clock as a live channel would
        return c;
    }

    private void advance(long seconds) {
        ch.advanceTimeBy(seconds, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
    }

    private void bytesArrive() {
        ch.writeInbound(Unpooled.copiedBuffer("GET / HTTP/1.1\r\n", StandardCharsets.US_ASCII));
        ByteBuf passed = ch.readInbound();
        passed.release();
    }

    @Test
    void anIdleConnectionClosesSilentlyWhenTheIdleClockRunsOut() {
        advance(59);
        assertTrue(ch.isActive());
        advance(1);
        assertFalse(ch.isActive());
        assertNull(ch.readOutbound(), "an idle close sends nothing");
    }

    @Test
    void aHeadThatStopsHalfWayGets408() {
        advance(30);
        bytesArrive();
        advance(9);
        assertTrue(ch.isActive(), "the head clock runs from the first byte, not from the idle start");
        advance(1);
        ByteBuf sent = ch.readOutbound();
        assertTrue(sent.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 408 Request Timeout\r\n"));
        sent.release();
        assertFalse(ch.isActive());
    }

    @Test
    void noClockRunsDuringAnExchangeAndTheIdleClockRestartsAfterIt() {
        bytesArrive();
        timeouts.requestReceived();
        advance(600); // a long exchange: far past both clocks
        assertTrue(ch.isActive());
        timeouts.awaitingRequest();
        advance(59);
        assertTrue(ch.isActive(), "idle is measured from the end of the exchange");
        advance(1);
        assertFalse(ch.isActive());
    }

    @Test
    void manyKeepAliveCyclesNeverTripAClockEarlyOrLate() {
        long seed = 20261127L;
        Random random = new Random(seed);
        for (int i = 0; i < 2_000; i++) {
            advance(random.nextInt(59)); // idle, under 60 s
            bytesArrive();
            advance(random.nextInt(9)); // rest of the head, under 10 s
            timeouts.requestReceived();
            advance(random.nextInt(120)); // the exchange: no clock
            assertTrue(ch.isActive(), "closed early in cycle " + i + " (seed " + seed + ")");
            timeouts.awaitingRequest();
        }
        advance(59);
        assertTrue(ch.isActive(), "seed " + seed);
        advance(1);
        assertFalse(ch.isActive(), "the idle clock still fires after many cycles (seed " + seed + ")");
    }
}
