package dev.portcullis.policy.rules;

import java.util.List;
import java.util.Objects;

/**
 * A rule before compilation. {@code conditions} are Gateway's traffic / identity / device_posture expressions
 * (each labelled for error messages); all must hold, and an empty expression is true.
 */
public record RuleSource(String id, String name, int precedence, Action action, RuleSettings settings,
                         List<Condition> conditions) {
    public RuleSource {
        Objects.requireNonNull(name, "rule name");
        Objects.requireNonNull(action, "rule action");
        conditions = List.copyOf(conditions);
        settings = settings == null ? RuleSettings.defaults() : settings;
    }

    /** One labelled expression, e.g. {@code new Condition("traffic", "http.request.host == \"a.com\"")}. */
    public record Condition(String label, String source) {
        public Condition {
            Objects.requireNonNull(label, "condition label");
            source = source == null ? "" : source;
        }
    }
}
