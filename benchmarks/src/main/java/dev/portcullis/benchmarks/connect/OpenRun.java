package dev.portcullis.benchmarks.connect;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** Opens {@code count} tunnels with at most {@code concurrency} in flight and measures them. */
final class OpenRun {
    private OpenRun() {
    }

    /** What one measured phase of one opener gave. CPU figures are -1 when not measured. */
    record Result(String mode, int opens, double p50Micros, double p99Micros, double maxMicros, double opensPerSecond,
                  double proxyCpuMicrosPerOpen, double clientCpuMicrosPerOpen) {
    }

    /**
     * @throws IllegalStateException naming the first failed open, or the open that did not end in time
     */
    static Result run(TunnelOpener opener, int count, int concurrency, ProcessCpu proxyCpu, long timeoutMillis)
            throws InterruptedException {
        Histogram latencies = new ConcurrentHistogram(TimeUnit.SECONDS.toNanos(60), 3);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Semaphore slots = new Semaphore(concurrency);
        CountDownLatch finished = new CountDownLatch(count);
        long proxy0 = proxyCpu == null ? 0 : proxyCpu.nanos();
        long self0 = selfCpuNanos();
        long t0 = System.nanoTime();
        for (int i = 0; i < count && failure.get() == null; i++) {
            if (!slots.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(opener.name() + ": no open finished within " + timeoutMillis + " ms");
            }
            opener.open().addListener(f -> {
                if (f.isSuccess()) {
                    latencies.recordValue((Long) f.getNow());
                } else {
                    failure.compareAndSet(null, f.cause());
                }
                slots.release();
                finished.countDown();
            });
        }
        if (failure.get() == null && !finished.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(opener.name() + ": " + finished.getCount() + " opens still pending after "
                    + timeoutMillis + " ms");
        }
        if (failure.get() != null) {
            throw new IllegalStateException(failure.get().getMessage(), failure.get());
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double proxy = proxyCpu == null ? -1 : (proxyCpu.nanos() - proxy0) / 1e3 / count;
        double self = (selfCpuNanos() - self0) / 1e3 / count;
        return new Result(opener.name(), count, latencies.getValueAtPercentile(50) / 1e3,
                latencies.getValueAtPercentile(99) / 1e3, latencies.getMaxValue() / 1e3, count / seconds, proxy, self);
    }

    private static long selfCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
