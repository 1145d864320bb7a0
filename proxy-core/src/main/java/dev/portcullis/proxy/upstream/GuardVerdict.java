package dev.portcullis.proxy.upstream;

import java.util.Objects;

/**
 * The guard's answer for one address and port: allowed or not, a stable code for logs and metrics
 * ({@code destination_loopback}, {@code port_not_allowed}, {@code proxy_loop}, ...) and a message naming the
 * address, its class and the rule, e.g. "refusing to connect to 127.0.0.1:22: loopback address ...".
 */
public record GuardVerdict(boolean allowed, String code, String message) {

    /** Code of an allowed public destination. */
    public static final String ALLOWED = "allowed";
    /** Code of a destination allowed only because an allow-destination entry covers it. */
    public static final String ALLOWED_BY_EXCEPTION = "allowed_by_exception";
    public static final String PORT_INVALID = "port_invalid";
    public static final String PORT_NOT_ALLOWED = "port_not_allowed";
    public static final String PROXY_LOOP = "proxy_loop";

    public GuardVerdict {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    static GuardVerdict allow(String code, String message) {
        return new GuardVerdict(true, code, message);
    }

    static GuardVerdict refuse(String code, String message) {
        return new GuardVerdict(false, code, message);
    }
}
