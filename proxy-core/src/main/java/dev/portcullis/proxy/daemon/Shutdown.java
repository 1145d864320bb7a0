package dev.portcullis.proxy.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Stops the daemon once, in order (drain the proxy, stop the policy, flush the access log), on SIGTERM or SIGINT or
 * when the JVM exits otherwise.
 *
 * <p>Why own the signals rather than rely on a shutdown hook alone: a JVM ended by SIGTERM exits with status 143
 * whatever its hooks do, and orchestrators read that as a crash. With a handler, SIGTERM only wakes the main thread,
 * which drains and returns, so {@code main} exits 0. The shutdown hook stays for other exits and is a no-op after
 * a completed stop.
 */
final class Shutdown {
    private static final Logger log = LoggerFactory.getLogger(Shutdown.class);

    private final List<AutoCloseable> steps;
    private final CountDownLatch requested = new CountDownLatch(1);
    private boolean done;

    /** @param steps closed in this order */
    Shutdown(List<AutoCloseable> steps) {
        this.steps = List.copyOf(steps);
    }

    /** Installs the SIGTERM/SIGINT handlers and the shutdown hook. */
    Shutdown install() {
        for (String name : List.of("TERM", "INT")) {
            try {
                Signal.handle(new Signal(name), s -> {
                    log.info("SIG{}: draining and stopping", name);
                    requested.countDown();
                });
            } catch (IllegalArgumentException e) {
                // E.g. under -Xrs: the shutdown hook still stops cleanly, only the exit status is the JVM's.
                log.warn("cannot handle SIG{} ({}); relying on the shutdown hook", name, e.getMessage());
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "portcullis-shutdown"));
        return this;
    }

    /** Blocks until a stop signal arrives, then stops. */
    void awaitSignalAndStop() throws InterruptedException {
        requested.await();
        stop();
    }

    synchronized void stop() {
        if (done) {
            return;
        }
        done = true;
        for (AutoCloseable step : steps) {
            try {
                step.close();
            } catch (Exception e) {
                System.err.println("portcullis: stopping " + step.getClass().getSimpleName() + " failed: " + e);
            }
        }
    }
}
