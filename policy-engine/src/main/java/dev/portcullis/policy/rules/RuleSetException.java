package dev.portcullis.policy.rules;

import dev.portcullis.policy.PolicyParseException;
import java.util.List;
import java.util.stream.Collectors;

/** Every condition of a rule set that failed to compile (not just the first). */
public final class RuleSetException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<RuleError> errors;

    public RuleSetException(List<RuleError> errors) {
        super(errors.stream().map(e -> e.render("")).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<RuleError> errors() {
        return errors;
    }

    /** The failed condition {@code label} of the rule at {@code index} (position in the source list). */
    public record RuleError(int index, String ruleName, String label, PolicyParseException error) {
        /** {@code prefix rules[3] "Block gambling" traffic 1:27: ...} plus the caret rendering. */
        public String render(String prefix) {
            String head = (prefix == null || prefix.isEmpty() ? "" : prefix + " ") + "rules[" + index + "] \""
                    + ruleName + "\" " + label;
            return error.render(head);
        }
    }
}
