package dev.portcullis.proxy.upstream;

/** Which origin a pooled connection talks to: the requested host (as written) and port. */
public record PoolKey(String host, int port) {
}
