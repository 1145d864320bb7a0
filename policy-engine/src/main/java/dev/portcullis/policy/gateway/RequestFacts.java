package dev.portcullis.policy.gateway;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request (plain or decrypted). {@code query} excludes the '?' and is null when absent; header names
 * are lower-case.
 */
public record RequestFacts(ConnectionFacts connection, String method, String scheme, String host, int port,
                           String path, String query, String version, Map<String, List<String>> headers,
                           String uploadMime) {
    public RequestFacts {
        Objects.requireNonNull(connection, "connection");
        Objects.requireNonNull(host, "host");
        path = path == null || path.isEmpty() ? "/" : path;
        headers = headers == null ? Map.of() : headers;
    }
}
