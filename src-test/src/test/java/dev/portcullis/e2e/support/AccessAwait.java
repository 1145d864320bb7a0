package dev.portcullis.e2e.support;

import dev.portcullis.proxy.observe.AccessRecord;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Waits for an access record the daemon wrote to a test's queue. */
public final class AccessAwait {
    private AccessAwait() {
    }

    /**
     * The first record in {@code queue} (in order, taking and dropping the others) that matches, waiting at most 5 s
     * in all.
     */
    public static AccessRecord first(BlockingQueue<AccessRecord> queue, Predicate<AccessRecord> matching)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            long left = deadline - System.nanoTime();
            AccessRecord r = left <= 0 ? null : queue.poll(left, TimeUnit.NANOSECONDS);
            if (r == null) {
                throw new AssertionError("no matching access record within 5 s");
            }
            if (matching.test(r)) {
                return r;
            }
        }
    }
}
