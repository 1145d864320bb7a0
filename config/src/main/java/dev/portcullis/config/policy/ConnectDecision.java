package dev.portcullis.config.policy;

import dev.portcullis.policy.rules.Action;
import dev.portcullis.policy.rules.Decision;
import java.util.Objects;

/**
 * What to do with a new connection (a CONNECT tunnel, or the upstream connection of a plain-HTTP request).
 * {@code decision.action()} is {@link Action#BLOCK} to refuse; otherwise {@code inspect} says whether to decrypt.
 */
public record ConnectDecision(Decision decision, boolean inspect) {
    public ConnectDecision {
        Objects.requireNonNull(decision, "decision");
        if (inspect && decision.action() == Action.BLOCK) {
            throw new IllegalArgumentException("a blocked connection cannot also be inspected");
        }
    }

    public boolean blocked() {
        return decision.action() == Action.BLOCK;
    }
}
