package dev.portcullis.config;

import java.util.Objects;
import java.util.Optional;

/** {@code access_log}: where the one-JSON-line-per-exchange log goes: a file, {@code "-"} for stdout, or off. */
public record AccessLogSection(Optional<String> path) {

    /** The value that means standard output. */
    public static final String STDOUT = "-";

    public AccessLogSection {
        Objects.requireNonNull(path, "path");
        path.ifPresent(p -> {
            if (p.isBlank()) {
                throw new ValueParseException("empty path; use null to turn the access log off or \"-\" for stdout");
            }
        });
    }

    public boolean enabled() {
        return path.isPresent();
    }

    public boolean toStdout() {
        return path.filter(STDOUT::equals).isPresent();
    }
}
