package dev.portcullis.proxy.inspect;

import java.util.Locale;

/**
 * What to do when a CONNECT that was to be inspected carries something other than a TLS ClientHello. Either way a
 * line is logged: a tunnel the gateway cannot read is worth knowing about.
 */
public enum NotTlsAction {
    /** Close the connection (default): uninspectable traffic is not let through an inspecting gateway. */
    BLOCK,
    /** Relay the bytes unread, as a plain tunnel would. */
    TUNNEL;

    /** Parses {@code block} or {@code tunnel}; anything else is an error naming the value. */
    public static NotTlsAction parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not-TLS action must be 'block' or 'tunnel', got '" + text + "'");
        }
    }
}
