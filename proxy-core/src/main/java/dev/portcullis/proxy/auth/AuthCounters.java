package dev.portcullis.proxy.auth;

import java.util.concurrent.atomic.LongAdder;

/** How authentication went, since start; for metrics to bind (cheap to update from every event loop). */
public final class AuthCounters {
    final LongAdder accepted = new LongAdder();
    final LongAdder missing = new LongAdder();
    final LongAdder invalid = new LongAdder();
    final LongAdder throttled = new LongAdder();
    final LongAdder busy = new LongAdder();
    final LongAdder sourceRefused = new LongAdder();
    final LongAdder bcryptChecks = new LongAdder();
    final LongAdder cacheHits = new LongAdder();

    /** Requests admitted with valid credentials (including those a connection or the cache already knew). */
    public long accepted() {
        return accepted.sum();
    }

    /** Requests without {@code Proxy-Authorization} (407 proxy_auth_required; a client's normal first try). */
    public long missing() {
        return missing.sum();
    }

    /** Wrong or malformed credentials (407 proxy_auth_invalid): the failures the throttle counts. */
    public long invalid() {
        return invalid.sum();
    }

    /** Requests refused unchecked because their address failed too often (429). */
    public long throttled() {
        return throttled.sum();
    }

    /** Requests refused because the bcrypt queue was full (503). */
    public long busy() {
        return busy.sum();
    }

    /** Connections refused because their address is outside {@code proxy.allowed_sources} (403). */
    public long sourceRefused() {
        return sourceRefused.sum();
    }

    /** bcrypt verifications actually run (on the verifier pool). */
    public long bcryptChecks() {
        return bcryptChecks.sum();
    }

    /** Basic credentials accepted from the success cache, without bcrypt. */
    public long cacheHits() {
        return cacheHits.sum();
    }
}
