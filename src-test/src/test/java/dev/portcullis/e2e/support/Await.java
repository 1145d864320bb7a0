package dev.portcullis.e2e.support;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Bounded polling for conditions that settle asynchronously; never an open-ended wait. */
public final class Await {
    private Await() {
    }

    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            }
            LockSupport.parkNanos(5_000_000);
        }
    }

    /** Waits until {@code value} stops changing for {@code quiet}, e.g. a transfer stalled by backpressure. */
    public static long settled(String what, Duration timeout, Duration quiet, java.util.function.LongSupplier value) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = value.getAsLong();
        long lastChange = System.nanoTime();
        while (true) {
            LockSupport.parkNanos(10_000_000);
            long now = value.getAsLong();
            if (now != last) {
                last = now;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange >= quiet.toNanos()) {
                return now;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what + " to settle");
            }
        }
    }
}
