package dev.portcullis.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** {@code policy}: the organisation policy and intelligence files (empty = embedded samples), and reloading. */
public record PolicySection(Optional<Path> file, Optional<Path> intelligenceFile, boolean watch) {

    public PolicySection {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(intelligenceFile, "intelligenceFile");
    }

    /** {@code null} selects the embedded example policy. */
    public PolicySection withFile(Path v) {
        return new PolicySection(Optional.ofNullable(v), intelligenceFile, watch);
    }

    /** {@code null} selects the embedded sample intelligence. */
    public PolicySection withIntelligenceFile(Path v) {
        return new PolicySection(file, Optional.ofNullable(v), watch);
    }

    public PolicySection withWatch(boolean v) {
        return new PolicySection(file, intelligenceFile, v);
    }
}
