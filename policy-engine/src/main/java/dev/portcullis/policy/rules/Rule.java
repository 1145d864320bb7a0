package dev.portcullis.policy.rules;

import dev.portcullis.policy.Filter;
import java.util.Objects;

/**
 * One compiled rule. {@code condition} is normally a {@link dev.portcullis.policy.CompiledFilter} (which the
 * {@link RuleSet} index understands); any other {@link Filter} is evaluated for every decision.
 */
public record Rule(String id, String name, int precedence, Action action, Phase phase, Filter condition,
                   RuleSettings settings) {
    public Rule {
        Objects.requireNonNull(name, "rule name");
        Objects.requireNonNull(action, "rule action");
        Objects.requireNonNull(phase, "rule phase");
        Objects.requireNonNull(condition, "rule condition");
        settings = settings == null ? RuleSettings.defaults() : settings;
    }

    @Override
    public String toString() {
        return "Rule[" + (id == null ? "" : id + " ") + "\"" + name + "\" precedence=" + precedence + " "
                + action + " " + phase + "]";
    }
}
