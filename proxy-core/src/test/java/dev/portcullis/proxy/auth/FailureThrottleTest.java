package dev.portcullis.proxy.auth;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FailureThrottleTest {
    private static final long SECOND = 1_000_000_000L;

    private static InetAddress ip(int last) throws Exception {
        return InetAddress.getByAddress(new byte[]{10, 0, 0, (byte) last});
    }

    @Test
    void anAddressIsRefusedAfterItsFailuresUntilTheWindowEnds() throws Exception {
        AtomicLong now = new AtomicLong(5 * SECOND);
        FailureThrottle t = new FailureThrottle(3, Duration.ofSeconds(60), now::get);
        for (int i = 0; i < 3; i++) {
            assertEquals(0, t.retryAfterSeconds(ip(1)));
            t.failed(ip(1));
        }
        assertEquals(60, t.retryAfterSeconds(ip(1)));
        assertEquals(0, t.retryAfterSeconds(ip(2)), "other addresses are not affected");
        now.addAndGet(59 * SECOND + 1);
        assertEquals(1, t.retryAfterSeconds(ip(1)));
        now.addAndGet(SECOND);
        assertEquals(0, t.retryAfterSeconds(ip(1)));
        t.failed(ip(1));
        assertEquals(0, t.retryAfterSeconds(ip(1)), "a new window starts with one failure");
    }

    /** Fixed buckets would forget failures at a boundary; the sliding window still counts the recent ones. */
    @Test
    void theWindowSlidesInsteadOfResetting() throws Exception {
        AtomicLong now = new AtomicLong(0);
        FailureThrottle t = new FailureThrottle(3, Duration.ofSeconds(60), now::get);
        t.failed(ip(1));
        now.set(50 * SECOND);
        t.failed(ip(1));
        now.set(55 * SECOND);
        t.failed(ip(1));
        assertEquals(5, t.retryAfterSeconds(ip(1)), "blocked until the failure at 0s is 60s old");
        now.set(60 * SECOND);
        assertEquals(0, t.retryAfterSeconds(ip(1)), "two failures left in the window");
        t.failed(ip(1));
        assertEquals(50, t.retryAfterSeconds(ip(1)),
                "failures at 50s, 55s and 60s: blocked until 110s, where a bucket starting at 60s would allow two more");
        now.set(109 * SECOND);
        assertEquals(1, t.retryAfterSeconds(ip(1)));
        now.set(110 * SECOND);
        assertEquals(0, t.retryAfterSeconds(ip(1)));
    }

    @Test
    void neverMoreThanMaxFailuresInAnyWindow() throws Exception {
        AtomicLong now = new AtomicLong(0);
        FailureThrottle t = new FailureThrottle(5, Duration.ofSeconds(10), now::get);
        java.util.List<Long> accepted = new java.util.ArrayList<>();
        for (long ms = 0; ms < 60_000; ms += 250) {
            now.set(ms * 1_000_000L);
            if (t.retryAfterSeconds(ip(1)) == 0) {
                accepted.add(ms);
                t.failed(ip(1));
            }
        }
        for (int i = 5; i < accepted.size(); i++) {
            assertTrue(accepted.get(i) - accepted.get(i - 5) >= 10_000,
                    "six tries within 10s ending at " + accepted.get(i) + "ms: " + accepted);
        }
        assertTrue(accepted.size() >= 30, "an attacker still gets 5 tries per 10s: " + accepted.size());
    }

    /** Random failures and clock steps against a plain list model of the sliding window. */
    @Test
    void agreesWithAReferenceModel() throws Exception {
        long seed = 20261127L;
        Random rnd = new Random(seed);
        AtomicLong now = new AtomicLong();
        int max = 4;
        long window = 10 * SECOND;
        FailureThrottle t = new FailureThrottle(max, Duration.ofNanos(window), now::get);
        Map<Integer, java.util.List<Long>> model = new HashMap<>();
        for (int step = 0; step < 20_000; step++) {
            int who = rnd.nextInt(5);
            now.addAndGet(rnd.nextInt(3) == 0 ? rnd.nextInt(3000) * 1_000_000L : 0);
            java.util.List<Long> times = model.computeIfAbsent(who, k -> new java.util.ArrayList<>());
            times.removeIf(x -> now.get() - x >= window);
            long expected = 0;
            if (times.size() >= max) {
                long left = times.get(times.size() - max) + window - now.get();
                expected = Math.max(1, (left + SECOND - 1) / SECOND);
            }
            assertEquals(expected, t.retryAfterSeconds(ip(who)), "seed " + seed + " step " + step);
            if (rnd.nextBoolean()) {
                t.failed(ip(who));
                times.add(now.get());
            }
        }
    }
}
