package dev.portcullis.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** {@code admin}: the admin HTTP listener and the bearer token file guarding its mutating calls. */
public record AdminSection(HostPort listen, Optional<Path> tokenFile) {

    public AdminSection {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(tokenFile, "tokenFile");
    }

    public AdminSection withListen(HostPort v) {
        return new AdminSection(v, tokenFile);
    }

    /** {@code null} removes the token file. */
    public AdminSection withTokenFile(Path v) {
        return new AdminSection(listen, Optional.ofNullable(v));
    }
}
