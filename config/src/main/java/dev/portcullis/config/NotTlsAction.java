package dev.portcullis.config;

import java.util.Locale;

/**
 * {@code inspection.not_tls_action}: what happens when a CONNECT that was to be inspected carries something other
 * than a TLS ClientHello (plain HTTP, SSH, a custom protocol). Either way the daemon logs a line and writes an
 * access record with error code {@code not_tls}: a tunnel the gateway cannot read is worth knowing about.
 */
public enum NotTlsAction {
    /** Close the connection (the default): uninspectable traffic is not let through an inspecting gateway. */
    BLOCK,
    /** Relay the bytes unread, as a plain tunnel would. */
    TUNNEL;

    static NotTlsAction parse(String s) {
        for (NotTlsAction a : values()) {
            if (a.name().toLowerCase(Locale.ROOT).equals(s)) {
                return a;
            }
        }
        throw new ValueParseException("expected one of block, tunnel; got \"" + Problems.clip(s) + "\"");
    }
}
