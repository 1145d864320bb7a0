package dev.portcullis.proxy.auth;

import java.util.List;

/** A users file that cannot be used, with every problem as {@code <file>:<line>: <message>}. */
public final class UsersFileException extends RuntimeException {
    private final List<String> problems;

    UsersFileException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
