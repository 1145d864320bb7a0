package dev.portcullis.config;

import java.util.List;

/**
 * The configuration could not be loaded. Carries every problem found (capped), each formatted as
 * {@code <file>:<line>:<column> <json-pointer>: <message>}; the exception message lists them one per line.
 */
public final class ConfigException extends Exception {

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(summary(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    private static String summary(List<String> problems) {
        if (problems.size() == 1) {
            return problems.get(0);
        }
        return problems.size() + " configuration problems:\n  " + String.join("\n  ", problems);
    }

    /** Every problem, in document order. */
    public List<String> problems() {
        return problems;
    }
}
