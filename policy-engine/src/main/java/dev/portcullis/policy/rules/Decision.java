package dev.portcullis.policy.rules;

import java.util.Objects;

/** The outcome of one phase: an action, the rule that decided it (null for the default) and why. */
public record Decision(Action action, Phase phase, Rule rule, String reason) {
    public Decision {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(reason, "reason");
    }

    /** A decision made by {@code rule}. */
    public static Decision matched(Rule rule) {
        return new Decision(rule.action(), rule.phase(), rule,
                "rule \"" + rule.name() + "\"" + (rule.id() == null ? "" : " (" + rule.id() + ")")
                        + " precedence " + rule.precedence());
    }

    /** The phase default when no rule matched. */
    public static Decision byDefault(Action action, Phase phase, String reason) {
        return new Decision(action, phase, null, reason);
    }
}
