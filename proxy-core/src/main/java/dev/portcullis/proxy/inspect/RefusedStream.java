package dev.portcullis.proxy.inspect;

/**
 * The origin did not process a stream (RST_STREAM REFUSED_STREAM, or a GOAWAY whose last stream id is below it), so
 * the request may be sent again on another connection (RFC 9113 section 8.7) if nothing of its body was consumed.
 */
final class RefusedStream extends Exception {
    private static final long serialVersionUID = 1L;

    RefusedStream(String message) {
        super(message, null, false, false);
    }
}
