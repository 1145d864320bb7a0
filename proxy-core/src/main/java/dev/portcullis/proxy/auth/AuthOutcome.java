package dev.portcullis.proxy.auth;

import dev.portcullis.policy.gateway.Identity;

/** The result of checking one {@code Proxy-Authorization} value. */
sealed interface AuthOutcome {
    record Accepted(Identity identity) implements AuthOutcome {
    }

    /** No credentials at all: challenge, do not count as a failure. */
    record Missing() implements AuthOutcome {
    }

    record Invalid() implements AuthOutcome {
    }

    record Throttled(long retryAfterSeconds) implements AuthOutcome {
    }

    /** The verifier pool is saturated; try again shortly. */
    record Busy() implements AuthOutcome {
    }

    AuthOutcome MISSING = new Missing();
    AuthOutcome INVALID = new Invalid();
    AuthOutcome BUSY = new Busy();
}
