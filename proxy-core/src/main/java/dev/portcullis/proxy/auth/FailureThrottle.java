package dev.portcullis.proxy.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.net.InetAddress;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Counts wrong credentials per client address in a window that opens at the first failure; once an address has
 * used up its failures, it is refused without checking until the window closes. Bounded: the least recently used
 * addresses are forgotten first, so a spray from many addresses cannot grow it without limit.
 */
final class FailureThrottle {
    static final int MAX_TRACKED = 100_000;

    private record Window(long startNanos, int failures) {
    }

    private final int maxFailures;
    private final long windowNanos;
    private final LongSupplier nanoTime;
    private final Cache<InetAddress, Window> windows;

    FailureThrottle(int maxFailures, Duration window, LongSupplier nanoTime) {
        this.maxFailures = maxFailures;
        this.windowNanos = window.toNanos();
        this.nanoTime = nanoTime;
        this.windows = Caffeine.newBuilder()
                .maximumSize(MAX_TRACKED)
                .expireAfterWrite(window)
                .ticker(nanoTime::getAsLong)
                .build();
    }

    /** Seconds until {@code source} may try again, or 0 when it may try now. */
    long retryAfterSeconds(InetAddress source) {
        Window w = windows.getIfPresent(source);
        if (w == null || w.failures() < maxFailures) {
            return 0;
        }
        long left = w.startNanos() + windowNanos - nanoTime.getAsLong();
        return left <= 0 ? 0 : Math.max(1, (left + 999_999_999L) / 1_000_000_000L);
    }

    void failed(InetAddress source) {
        long now = nanoTime.getAsLong();
        windows.asMap().compute(source, (k, w) -> w == null || now - w.startNanos() >= windowNanos
                ? new Window(now, 1)
                : new Window(w.startNanos(), w.failures() + 1));
    }
}
