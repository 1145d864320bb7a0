package dev.portcullis.config;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code limits}: connection cap, HTTP/1 decoder limits (request line -> 414, header block -> 431) and the HTTP/2
 * abuse limits (streams per connection, the Rapid Reset budget). Sizes are bytes; their maxima fit in an
 * {@code int}, as Netty's decoder config expects.
 */
public record LimitsSection(int maxConnections, long maxInitialLineLength, long maxHeaderSize, long maxChunkSize,
        int h2MaxConcurrentStreams, int h2MaxResets, Duration h2ResetWindow) {

    public static final int DEFAULT_H2_MAX_CONCURRENT_STREAMS = 100;
    public static final int DEFAULT_H2_MAX_RESETS = 200;
    public static final Duration DEFAULT_H2_RESET_WINDOW = Duration.ofSeconds(30);

    static final Bounds.Count MAX_CONNECTIONS = new Bounds.Count(1, 1_000_000);
    static final Bounds.Size MAX_INITIAL_LINE_LENGTH = new Bounds.Size(256, 1L << 20);
    static final Bounds.Size MAX_HEADER_SIZE = new Bounds.Size(1L << 10, 16L << 20);
    static final Bounds.Size MAX_CHUNK_SIZE = new Bounds.Size(1L << 10, 16L << 20);
    static final Bounds.Count H2_MAX_CONCURRENT_STREAMS = new Bounds.Count(1, 10_000);
    static final Bounds.Count H2_MAX_RESETS = new Bounds.Count(1, 1_000_000);
    static final Bounds.Time H2_RESET_WINDOW = Bounds.Time.of("1s", "1h");

    public LimitsSection {
        MAX_CONNECTIONS.check(maxConnections);
        MAX_INITIAL_LINE_LENGTH.check(maxInitialLineLength);
        MAX_HEADER_SIZE.check(maxHeaderSize);
        MAX_CHUNK_SIZE.check(maxChunkSize);
        H2_MAX_CONCURRENT_STREAMS.check(h2MaxConcurrentStreams);
        H2_MAX_RESETS.check(h2MaxResets);
        H2_RESET_WINDOW.check(Objects.requireNonNull(h2ResetWindow, "h2ResetWindow"));
    }

    /** With the default HTTP/2 limits. */
    public LimitsSection(int maxConnections, long maxInitialLineLength, long maxHeaderSize, long maxChunkSize) {
        this(maxConnections, maxInitialLineLength, maxHeaderSize, maxChunkSize, DEFAULT_H2_MAX_CONCURRENT_STREAMS,
                DEFAULT_H2_MAX_RESETS, DEFAULT_H2_RESET_WINDOW);
    }

    public LimitsSection withMaxConnections(int v) {
        return new LimitsSection(v, maxInitialLineLength, maxHeaderSize, maxChunkSize, h2MaxConcurrentStreams,
                h2MaxResets, h2ResetWindow);
    }
}
