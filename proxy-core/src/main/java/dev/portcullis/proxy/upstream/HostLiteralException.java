package dev.portcullis.proxy.upstream;

/** A literal that cannot be decoded; the message names the offending part. Internal to {@link HostLiteral}. */
final class HostLiteralException extends Exception {
    private static final long serialVersionUID = 1L;

    HostLiteralException(String message) {
        // Expected on hostile input, so skip the stack trace.
        super(message, null, false, false);
    }
}
