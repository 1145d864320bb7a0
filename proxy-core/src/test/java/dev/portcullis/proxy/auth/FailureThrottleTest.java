package dev.portcullis.proxy.auth;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

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

    /** Random failures and clock steps against a plain map model of the same rule. */
    @Test
    void agreesWithAReferenceModel() throws Exception {
        long seed = 20261127L;
        Random rnd = new Random(seed);
        AtomicLong now = new AtomicLong();
        int max = 4;
        long window = 10 * SECOND;
        FailureThrottle t = new FailureThrottle(max, Duration.ofNanos(window), now::get);
        Map<Integer, long[]> model = new HashMap<>();
        for (int step = 0; step < 20_000; step++) {
            int who = rnd.nextInt(5);
            now.addAndGet(rnd.nextInt(3) == 0 ? rnd.nextInt(3000) * 1_000_000L : 0);
            long[] w = model.get(who);
            long expected = w != null && w[1] >= max && w[0] + window - now.get() > 0
                    ? Math.max(1, (w[0] + window - now.get() + SECOND - 1) / SECOND) : 0;
            assertEquals(expected, t.retryAfterSeconds(ip(who)), "seed " + seed + " step " + step);
            if (rnd.nextBoolean()) {
                t.failed(ip(who));
                if (w == null || now.get() - w[0] >= window) {
                    model.put(who, new long[]{now.get(), 1});
                } else {
                    w[1]++;
                }
            }
        }
    }
}
