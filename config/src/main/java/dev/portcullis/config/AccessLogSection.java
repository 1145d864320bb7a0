package dev.portcullis.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code access_log}: where the one-JSON-line-per-exchange log goes (a file, {@code "-"} for stdout, or off), when
 * a file rotates ({@code max_size}, keeping {@code max_files} old ones) and how much of the client it names.
 *
 * @param hashKeyFile key for {@link AccessLogPrivacy#HASH}; empty = a random key per start (hashes then correlate
 *                    only within one run of the daemon)
 */
public record AccessLogSection(Optional<String> path, long maxSize, int maxFiles, AccessLogPrivacy privacy,
        Optional<Path> hashKeyFile) {

    /** The value that means standard output. */
    public static final String STDOUT = "-";
    public static final long DEFAULT_MAX_SIZE = 100L * 1024 * 1024;
    public static final int DEFAULT_MAX_FILES = 10;
    static final Bounds.Size MAX_SIZE = new Bounds.Size(1024, 1L << 40);
    static final Bounds.Count MAX_FILES = new Bounds.Count(1, 1000);

    public AccessLogSection {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(privacy, "privacy");
        Objects.requireNonNull(hashKeyFile, "hashKeyFile");
        path.ifPresent(p -> {
            if (p.isBlank()) {
                throw new ValueParseException("empty path; use null to turn the access log off or \"-\" for stdout");
            }
        });
        MAX_SIZE.check(maxSize);
        MAX_FILES.check(maxFiles);
    }

    /** A log at {@code path} with the default rotation and no privacy filtering. */
    public AccessLogSection(Optional<String> path) {
        this(path, DEFAULT_MAX_SIZE, DEFAULT_MAX_FILES, AccessLogPrivacy.NONE, Optional.empty());
    }

    public boolean enabled() {
        return path.isPresent();
    }

    public boolean toStdout() {
        return path.filter(STDOUT::equals).isPresent();
    }

    public AccessLogSection withPath(String v) {
        return new AccessLogSection(Optional.ofNullable(v), maxSize, maxFiles, privacy, hashKeyFile);
    }

    public AccessLogSection withRotation(long size, int files) {
        return new AccessLogSection(path, size, files, privacy, hashKeyFile);
    }

    public AccessLogSection withPrivacy(AccessLogPrivacy v, Path keyFile) {
        return new AccessLogSection(path, maxSize, maxFiles, v, Optional.ofNullable(keyFile));
    }
}
