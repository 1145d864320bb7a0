package dev.portcullis.proxy.observe;

import java.time.Instant;

/**
 * One HTTP exchange or tunnel, as the access log writes it (ECS-style names are applied by the writer). Nullable
 * fields are simply absent from the line.
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
                           boolean tlsInspected) {
}
