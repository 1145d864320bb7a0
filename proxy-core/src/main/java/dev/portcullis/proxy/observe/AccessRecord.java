package dev.portcullis.proxy.observe;

import java.time.Instant;

/**
 * One HTTP exchange or tunnel, as the access log writes it (ECS-style names are applied by the writer). Nullable
 * fields are simply absent from the line. {@code userEmail}/{@code userName} are set only when the request carried an
 * authenticated identity; the shorter constructor leaves them out.
 */
public record AccessRecord(Instant start,
                           long durationNanos,
                           String requestId,
                           String kind,              // "http" or "tunnel"
                           String clientIp,
                           int clientPort,
                           String method,
                           String url,               // full URL, or host:port for tunnels
                           String host,
                           int port,
                           String destinationIp,
                           int status,               // 0 when no HTTP status applies
                           long bytesFromClient,
                           long bytesToClient,
                           String action,            // allow, block, redirect, error
                           String ruleId,
                           String ruleName,
                           String errorCode,
                           boolean tlsInspected,
                           String userEmail,
                           String userName,
                           String org,                // organisation the client was attributed to; null: none
                           boolean tlsUntrusted) {    // forwarded to an origin whose certificate failed verification

    /** A record with organisation, forwarded to a verified origin (or none). */
    public AccessRecord(Instant start, long durationNanos, String requestId, String kind, String clientIp,
                        int clientPort, String method, String url, String host, int port, String destinationIp,
                        int status, long bytesFromClient, long bytesToClient, String action, String ruleId,
                        String ruleName, String errorCode, boolean tlsInspected, String userEmail, String userName,
                        String org) {
        this(start, durationNanos, requestId, kind, clientIp, clientPort, method, url, host, port, destinationIp,
                status, bytesFromClient, bytesToClient, action, ruleId, ruleName, errorCode, tlsInspected, userEmail,
                userName, org, false);
    }

    /** A record without organisation (set later with {@link #withOrg}). */
    public AccessRecord(Instant start, long durationNanos, String requestId, String kind, String clientIp,
                        int clientPort, String method, String url, String host, int port, String destinationIp,
                        int status, long bytesFromClient, long bytesToClient, String action, String ruleId,
                        String ruleName, String errorCode, boolean tlsInspected, String userEmail, String userName) {
        this(start, durationNanos, requestId, kind, clientIp, clientPort, method, url, host, port, destinationIp,
                status, bytesFromClient, bytesToClient, action, ruleId, ruleName, errorCode, tlsInspected, userEmail,
                userName, null);
    }

    /** A record without identity: what every exchange had before authentication existed. */
    public AccessRecord(Instant start, long durationNanos, String requestId, String kind, String clientIp,
                        int clientPort, String method, String url, String host, int port, String destinationIp,
                        int status, long bytesFromClient, long bytesToClient, String action, String ruleId,
                        String ruleName, String errorCode, boolean tlsInspected) {
        this(start, durationNanos, requestId, kind, clientIp, clientPort, method, url, host, port, destinationIp,
                status, bytesFromClient, bytesToClient, action, ruleId, ruleName, errorCode, tlsInspected, null, null);
    }

    /** The same record with the authenticated user (either may be null). */
    public AccessRecord withUser(String email, String name) {
        return new AccessRecord(start, durationNanos, requestId, kind, clientIp, clientPort, method, url, host, port,
                destinationIp, status, bytesFromClient, bytesToClient, action, ruleId, ruleName, errorCode,
                tlsInspected, email, name, org, tlsUntrusted);
    }

    /** The same record attributed to organisation {@code org} (null: none). */
    public AccessRecord withOrg(String org) {
        return new AccessRecord(start, durationNanos, requestId, kind, clientIp, clientPort, method, url, host, port,
                destinationIp, status, bytesFromClient, bytesToClient, action, ruleId, ruleName, errorCode,
                tlsInspected, userEmail, userName, org, tlsUntrusted);
    }

    /**
     * The same record marked as forwarded to an origin whose certificate failed verification, because the
     * inspecting rule said {@code untrusted_cert: pass_through}: log pipelines can find every such exchange.
     */
    public AccessRecord withTlsUntrusted() {
        return new AccessRecord(start, durationNanos, requestId, kind, clientIp, clientPort, method, url, host, port,
                destinationIp, status, bytesFromClient, bytesToClient, action, ruleId, ruleName, errorCode,
                tlsInspected, userEmail, userName, org, true);
    }
}
