package dev.portcullis.config.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem of one document, capped so a generated file with a systematic mistake does not produce
 * a million-line error.
 */
final class Problems {
    static final int MAX = 50;

    private final String source;
    private final List<String> messages = new ArrayList<>();
    private int dropped;

    Problems(String source) {
        this.source = source;
    }

    String source() {
        return source;
    }

    /** {@code policy.json:12:5 rules[2] "Name" action: message}. */
    void at(Node.Loc loc, String where, String message) {
        add(source + ":" + loc + " " + where + ": " + message);
    }

    void add(String fullMessage) {
        if (messages.size() < MAX) {
            messages.add(fullMessage);
        } else {
            dropped++;
        }
    }

    boolean isEmpty() {
        return messages.isEmpty();
    }

    boolean full() {
        return messages.size() >= MAX;
    }

    List<String> all() {
        if (dropped == 0) {
            return List.copyOf(messages);
        }
        List<String> out = new ArrayList<>(messages);
        out.add(source + ": " + dropped + " more error(s) not shown");
        return List.copyOf(out);
    }

    void throwIfAny() throws PolicyDocumentException {
        if (!messages.isEmpty()) {
            throw new PolicyDocumentException(all());
        }
    }
}
