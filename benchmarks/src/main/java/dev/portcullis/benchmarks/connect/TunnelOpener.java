package dev.portcullis.benchmarks.connect;

import io.netty.util.concurrent.Future;

/** One way of opening a CONNECT tunnel through the proxy to the echo origin. */
interface TunnelOpener extends AutoCloseable {
    /** Short name for the report, e.g. {@code h2-stream}. */
    String name();

    /**
     * Opens one tunnel, proves it with one echoed probe, then closes it. The future completes with the open
     * latency in nanoseconds (from the first byte the opener sends, or the connect it starts, to the proxy's
     * {@code 200}), or fails naming what went wrong.
     */
    Future<Long> open();

    @Override
    void close();
}
