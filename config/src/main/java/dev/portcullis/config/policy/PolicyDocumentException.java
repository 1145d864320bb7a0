package dev.portcullis.config.policy;

import java.util.List;

/** Every problem found in one policy or intelligence document; {@link #getMessage()} joins them by newlines. */
public final class PolicyDocumentException extends Exception {
    private final List<String> errors;

    public PolicyDocumentException(List<String> errors) {
        super(String.join("\n", requireSome(errors)));
        this.errors = List.copyOf(errors);
    }

    public PolicyDocumentException(String error) {
        this(List.of(error));
    }

    private static List<String> requireSome(List<String> errors) {
        if (errors == null || errors.isEmpty()) {
            throw new IllegalArgumentException("a PolicyDocumentException needs at least one error");
        }
        return errors;
    }

    /** Each problem on its own, in document order; an expression error includes its caret lines. */
    public List<String> errors() {
        return errors;
    }
}
