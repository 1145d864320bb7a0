package dev.portcullis.proxy.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.net.InetAddress;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Counts wrong credentials per client address over a sliding window: an address that failed {@code maxFailures}
 * times within the last {@code window} is refused without checking until its oldest failure in the window slides
 * out. Fixed buckets would let a guesser spend {@code 2 * maxFailures} tries around a bucket boundary; a sliding log
 * never allows more than {@code maxFailures} in any window. Each address keeps at most {@code maxFailures}
 * timestamps, and the least recently failing addresses are forgotten first, so a spray from many addresses cannot
 * grow it without limit.
 */
final class FailureThrottle {
    static final int MAX_TRACKED = 100_000;

    /** The failure times of one address within the window, oldest first, in a ring that grows up to its cap. */
    private static final class FailureLog {
        private long[] times = new long[4];
        private int head;
        private int size;

        synchronized void add(long now, long windowNanos, int cap) {
            slide(now, windowNanos);
            if (size == cap) {
                head = (head + 1) % times.length;
                size--;
            }
            if (size == times.length) {
                long[] grown = new long[Math.min(cap, times.length * 2)];
                for (int i = 0; i < size; i++) {
                    grown[i] = times[(head + i) % times.length];
                }
                times = grown;
                head = 0;
            }
            times[(head + size) % times.length] = now;
            size++;
        }

        /** Nanoseconds until fewer than {@code max} failures lie in the window, or 0 if that is already so. */
        synchronized long blockedFor(long now, long windowNanos, int max) {
            slide(now, windowNanos);
            return size < max ? 0 : times[(head + size - max) % times.length] + windowNanos - now;
        }

        private void slide(long now, long windowNanos) {
            while (size > 0 && now - times[head] >= windowNanos) {
                head = (head + 1) % times.length;
                size--;
            }
        }
    }

    private final int maxFailures;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final Cache<InetAddress, FailureLog> logs;

    FailureThrottle(int maxFailures, Duration window, LongSupplier nanoTime) {
        this.maxFailures = maxFailures;
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
        // Written on every failure, so an entry lives one window past its newest failure: then all have slid out.
        this.logs = Caffeine.newBuilder()
                .maximumSize(MAX_TRACKED)
                .expireAfterWrite(window)
                .ticker(nanoTime::getAsLong)
                .build();
    }

    /** Seconds until {@code source} may try again, or 0 when it may try now. */
    long retryAfterSeconds(InetAddress source) {
        FailureLog log = logs.getIfPresent(source);
        if (log == null) {
            return 0;
        }
        long left = log.blockedFor(nanoTime.getAsLong(), windowNanos, maxFailures);
        return left <= 0 ? 0 : Math.max(1, (left + 999_999_999L) / 1_000_000_000L);
    }

    void failed(InetAddress source) {
        long now = nanoTime.getAsLong();
        logs.asMap().compute(source, (k, log) -> {
            FailureLog l = log == null ? new FailureLog() : log;
            l.add(now, windowNanos, maxFailures);
            return l;
        });
    }
}
