package dev.portcullis.policy.compile;

import dev.portcullis.policy.ExecutionContext;

/** A compiled condition; {@code elem} is the current array element inside any()/all(), else null. */
@FunctionalInterface
public interface Matcher {
    boolean test(ExecutionContext ctx, Object elem);
}
