package dev.portcullis.proxy.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * The bearer token guarding mutating admin calls. Compared in constant time over SHA-256 digests, so neither the
 * content nor the length of the token leaks through timing.
 */
final class AdminToken {
    static final int MIN_LENGTH = 16;

    private final byte[] digest;

    private AdminToken(byte[] digest) {
        this.digest = digest;
    }

    /** Reads the token file (surrounding whitespace and the trailing newline are not part of the token). */
    static Optional<AdminToken> load(Optional<Path> file) {
        if (file.isEmpty()) {
            return Optional.empty();
        }
        Path path = file.get();
        String token;
        try {
            token = Files.readString(path, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("admin token file " + path + ": cannot read it (" + e + ")");
        }
        if (token.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("admin token file " + path + ": the token must be at least "
                    + MIN_LENGTH + " characters, got " + token.length());
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new IllegalArgumentException("admin token file " + path
                        + ": the token must be one line of printable ASCII without spaces");
            }
        }
        return Optional.of(new AdminToken(sha256(token)));
    }

    boolean matches(String presented) {
        return MessageDigest.isEqual(digest, sha256(presented));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
