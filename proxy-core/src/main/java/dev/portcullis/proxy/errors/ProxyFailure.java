package dev.portcullis.proxy.errors;

/**
 * A failure the proxy answers for: a code (which fixes the status) and a sentence for the client. Never carries a
 * stack trace to the client; the cause is kept only for the daemon's own log.
 */
public final class ProxyFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public ProxyFailure(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ProxyFailure(ErrorCode code, String message, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
