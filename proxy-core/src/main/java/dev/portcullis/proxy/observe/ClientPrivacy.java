package dev.portcullis.proxy.observe;

import dev.portcullis.config.AccessLogPrivacy;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What the access log keeps of who made a request. {@code hash} is HMAC-SHA-256 under a secret key, truncated to
 * 128 bits: a plain hash of an IPv4 address is reversed by trying all 2^32 of them, a keyed one is not without the
 * key. Not thread-safe ({@link Mac} is not): the access log uses it on its one writer thread.
 */
final class ClientPrivacy {
    static final int MIN_KEY_BYTES = 16;
    private static final int HASH_BYTES = 16;

    private final AccessLogPrivacy mode;
    private final Mac mac;

    private ClientPrivacy(AccessLogPrivacy mode, byte[] key) {
        this.mode = Objects.requireNonNull(mode, "mode");
        if (mode != AccessLogPrivacy.HASH) {
            this.mac = null;
            return;
        }
        try {
            this.mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    static ClientPrivacy none() {
        return new ClientPrivacy(AccessLogPrivacy.NONE, null);
    }

    /** @param key the HMAC key for {@code hash} (at least 16 bytes); ignored by the other modes */
    static ClientPrivacy of(AccessLogPrivacy mode, byte[] key) {
        if (mode == AccessLogPrivacy.HASH && (key == null || key.length < MIN_KEY_BYTES)) {
            throw new IllegalArgumentException("access_log.privacy hash needs a key of at least " + MIN_KEY_BYTES
                    + " bytes");
        }
        return new ClientPrivacy(mode, key);
    }

    /** Reads the key file, or draws a random key when there is none (hashes then correlate within one run only). */
    static byte[] key(Path keyFile) throws IOException {
        if (keyFile == null) {
            byte[] k = new byte[32];
            new SecureRandom().nextBytes(k);
            return k;
        }
        byte[] k = Files.readAllBytes(keyFile);
        if (k.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("access_log.hash_key_file " + keyFile + " holds " + k.length
                    + " bytes; the key needs at least " + MIN_KEY_BYTES + " (e.g. openssl rand -hex 32)");
        }
        return k;
    }

    AccessLogPrivacy mode() {
        return mode;
    }

    /** The value to write for an identifier: itself, its keyed hash, or null (omitted). */
    String apply(String identifier) {
        if (identifier == null) {
            return null;
        }
        return switch (mode) {
            case NONE -> identifier;
            case OMIT -> null;
            case HASH -> HexFormat.of().formatHex(mac.doFinal(identifier.getBytes(StandardCharsets.UTF_8)), 0,
                    HASH_BYTES);
        };
    }
}
