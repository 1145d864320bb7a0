package dev.portcullis.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code auth.device_tokens}: the SHA-256 of a bearer token a device presents in
 * {@code Proxy-Authorization}, and who that device is. Only the hash is configured, so a leaked config file does not
 * leak tokens.
 */
public record DeviceToken(String sha256, String deviceId, Optional<String> email, Optional<String> name,
        List<String> groups, List<String> posturePassed, List<String> postureFailed) {

    static final Bounds.Items NAMES = new Bounds.Items(0, 256);

    public DeviceToken {
        sha256 = parseSha256(Objects.requireNonNull(sha256, "sha256"));
        deviceId = checkLabel(Objects.requireNonNull(deviceId, "deviceId"));
        Objects.requireNonNull(email, "email").ifPresent(DeviceToken::checkLabel);
        Objects.requireNonNull(name, "name").ifPresent(DeviceToken::checkLabel);
        groups = labels(groups, "groups");
        posturePassed = labels(posturePassed, "posturePassed");
        postureFailed = labels(postureFailed, "postureFailed");
    }

    /** 64 hex digits, lower-cased; what {@code sha256sum} or {@code openssl dgst -sha256} print. */
    static String parseSha256(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        if (t.length() != 64 || !t.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            throw new ValueParseException("'" + Problems.clip(s) + "' is not a SHA-256 hash (expected 64 hex digits,"
                    + " e.g. the output of: printf %s TOKEN | sha256sum)");
        }
        return t;
    }

    /** Names that end up in policy fields and logs: non-empty, at most 256 characters, no control characters. */
    static String checkLabel(String s) {
        if (s.isEmpty() || s.length() > 256) {
            throw new ValueParseException("must be 1 to 256 characters, got " + s.length());
        }
        if (s.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new ValueParseException("'" + Problems.clip(s) + "' contains a control character");
        }
        return s;
    }

    private static List<String> labels(List<String> v, String what) {
        return NAMES.check(Objects.requireNonNull(v, what)).stream().map(DeviceToken::checkLabel).toList();
    }
}
