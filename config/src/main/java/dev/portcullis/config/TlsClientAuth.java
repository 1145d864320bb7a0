package dev.portcullis.config;

import java.util.Locale;

/** {@code proxy.tls_client_auth}: whether the HTTPS listener demands a client certificate signed by {@code tls_client_ca}. */
public enum TlsClientAuth {
    /** Asked for and verified when sent; a client without one authenticates with {@code Proxy-Authorization}. */
    OPTIONAL,
    /** The handshake fails without a valid client certificate. */
    REQUIRE;

    static TlsClientAuth parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "optional" -> OPTIONAL;
            case "require" -> REQUIRE;
            default -> throw new ValueParseException("'" + Problems.clip(s) + "' is not a client-auth mode; use "
                    + "optional or require");
        };
    }
}
