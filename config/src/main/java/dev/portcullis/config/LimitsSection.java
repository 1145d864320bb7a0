package dev.portcullis.config;

/**
 * {@code limits}: connection cap and HTTP/1 decoder limits (request line -> 414, header block -> 431).
 * Sizes are bytes; their maxima fit in an {@code int}, as Netty's decoder config expects.
 */
public record LimitsSection(int maxConnections, long maxInitialLineLength, long maxHeaderSize, long maxChunkSize) {

    static final Bounds.Count MAX_CONNECTIONS = new Bounds.Count(1, 1_000_000);
    static final Bounds.Size MAX_INITIAL_LINE_LENGTH = new Bounds.Size(256, 1L << 20);
    static final Bounds.Size MAX_HEADER_SIZE = new Bounds.Size(1L << 10, 16L << 20);
    static final Bounds.Size MAX_CHUNK_SIZE = new Bounds.Size(1L << 10, 16L << 20);

    public LimitsSection {
        MAX_CONNECTIONS.check(maxConnections);
        MAX_INITIAL_LINE_LENGTH.check(maxInitialLineLength);
        MAX_HEADER_SIZE.check(maxHeaderSize);
        MAX_CHUNK_SIZE.check(maxChunkSize);
    }

    public LimitsSection withMaxConnections(int v) {
        return new LimitsSection(v, maxInitialLineLength, maxHeaderSize, maxChunkSize);
    }
}
