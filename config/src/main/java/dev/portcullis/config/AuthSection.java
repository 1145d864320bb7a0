package dev.portcullis.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code auth}: proxy authentication. {@code Proxy-Authorization: Basic} is checked against an htpasswd file of
 * bcrypt hashes, {@code Bearer} against hashed device tokens. When either source is set every proxy listener
 * requires credentials. bcrypt runs on a small bounded pool, never on an event loop; successes are cached briefly.
 * {@code client_certs} maps verified client certificates of the HTTPS listener ({@code proxy.tls_client_ca}) to
 * identities.
 */
public record AuthSection(Optional<Path> usersFile, String realm, List<DeviceToken> deviceTokens, int verifyThreads,
        int verifyQueue, Duration cacheTtl, int maxFailures, Duration failureWindow,
        List<ClientCertMapping> clientCerts) {

    static final Bounds.Items DEVICE_TOKENS = new Bounds.Items(0, 10_000);
    static final Bounds.Count VERIFY_THREADS = new Bounds.Count(1, 64);
    static final Bounds.Count VERIFY_QUEUE = new Bounds.Count(1, 100_000);
    static final Bounds.Time CACHE_TTL = Bounds.Time.of("0s", "1d");
    static final Bounds.Count MAX_FAILURES = new Bounds.Count(1, 1_000_000);
    static final Bounds.Time FAILURE_WINDOW = Bounds.Time.of("1s", "1d");
    static final Bounds.Items CLIENT_CERTS = new Bounds.Items(0, 10_000);

    /** What the embedded default says: no authentication. */
    public static final AuthSection DEFAULT = new AuthSection(Optional.empty(), "Portcullis", List.of(), 2, 1024,
            Duration.ofMinutes(5), 10, Duration.ofSeconds(60));

    public AuthSection {
        Objects.requireNonNull(usersFile, "usersFile");
        realm = checkRealm(Objects.requireNonNull(realm, "realm"));
        deviceTokens = DEVICE_TOKENS.check(Objects.requireNonNull(deviceTokens, "deviceTokens"));
        VERIFY_THREADS.check(verifyThreads);
        VERIFY_QUEUE.check(verifyQueue);
        CACHE_TTL.check(Objects.requireNonNull(cacheTtl, "cacheTtl"));
        MAX_FAILURES.check(maxFailures);
        FAILURE_WINDOW.check(Objects.requireNonNull(failureWindow, "failureWindow"));
        clientCerts = CLIENT_CERTS.check(Objects.requireNonNull(clientCerts, "clientCerts"));
        Map<String, Integer> matches = new HashMap<>();
        for (int i = 0; i < clientCerts.size(); i++) {
            Integer first = matches.putIfAbsent(clientCerts.get(i).match().toLowerCase(java.util.Locale.ROOT), i);
            if (first != null) {
                throw new ValueParseException("client_certs/" + i + " repeats the match of client_certs/" + first);
            }
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < deviceTokens.size(); i++) {
            Integer first = seen.putIfAbsent(deviceTokens.get(i).sha256(), i);
            if (first != null) {
                throw new ValueParseException("device_tokens/" + i + " repeats the sha256 of device_tokens/" + first);
            }
        }
    }

    /** No client-certificate mappings. */
    public AuthSection(Optional<Path> usersFile, String realm, List<DeviceToken> deviceTokens, int verifyThreads,
                       int verifyQueue, Duration cacheTtl, int maxFailures, Duration failureWindow) {
        this(usersFile, realm, deviceTokens, verifyThreads, verifyQueue, cacheTtl, maxFailures, failureWindow,
                List.of());
    }

    /** Whether proxy listeners require credentials. */
    public boolean enabled() {
        return usersFile.isPresent() || !deviceTokens.isEmpty();
    }

    /** The realm goes inside a quoted-string of {@code Proxy-Authenticate}, so quotes and backslashes are out. */
    static String checkRealm(String s) {
        if (s.isEmpty() || s.length() > 64) {
            throw new ValueParseException("must be 1 to 64 characters, got " + s.length());
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                throw new ValueParseException("'" + Problems.clip(s) + "' may hold printable ASCII only, without"
                        + " '\"' or '\\'");
            }
        }
        return s;
    }

    /** {@code null} removes the users file. */
    public AuthSection withUsersFile(Path v) {
        return new AuthSection(Optional.ofNullable(v), realm, deviceTokens, verifyThreads, verifyQueue, cacheTtl,
                maxFailures, failureWindow, clientCerts);
    }

    public AuthSection withDeviceTokens(List<DeviceToken> v) {
        return new AuthSection(usersFile, realm, v, verifyThreads, verifyQueue, cacheTtl, maxFailures, failureWindow,
                clientCerts);
    }

    public AuthSection withThrottle(int maxFailures, Duration failureWindow) {
        return new AuthSection(usersFile, realm, deviceTokens, verifyThreads, verifyQueue, cacheTtl, maxFailures,
                failureWindow, clientCerts);
    }

    public AuthSection withCacheTtl(Duration v) {
        return new AuthSection(usersFile, realm, deviceTokens, verifyThreads, verifyQueue, v, maxFailures,
                failureWindow, clientCerts);
    }

    public AuthSection withClientCerts(List<ClientCertMapping> v) {
        return new AuthSection(usersFile, realm, deviceTokens, verifyThreads, verifyQueue, cacheTtl, maxFailures,
                failureWindow, v);
    }
}
