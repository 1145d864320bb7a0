package dev.portcullis.proxy.auth;

import dev.portcullis.config.DeviceToken;
import dev.portcullis.policy.gateway.Identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Bearer device tokens, by their configured SHA-256. A presented token is hashed and compared with every entry in
 * constant time, with no early exit, so response timing says nothing about how close a guess was.
 */
final class DeviceTokens {
    private record Entry(byte[] sha256, Identity identity) {
    }

    private final Entry[] entries;

    DeviceTokens(List<DeviceToken> tokens) {
        entries = tokens.stream().map(t -> new Entry(HexFormat.of().parseHex(t.sha256()),
                new Identity(t.email().orElse(null), t.name().orElse(null),
                        t.groups().stream().map(g -> new Identity.Group(null, g, null)).toList(),
                        t.deviceId(), Set.copyOf(t.posturePassed()), Set.copyOf(t.postureFailed()))))
                .toArray(Entry[]::new);
    }

    boolean isEmpty() {
        return entries.length == 0;
    }

    /** The device's identity, or null when no configured token matches. */
    Identity match(String token) {
        byte[] hash = sha256(token);
        Identity found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.sha256(), hash) & found == null) {
                found = e.identity();
            }
        }
        return found;
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
