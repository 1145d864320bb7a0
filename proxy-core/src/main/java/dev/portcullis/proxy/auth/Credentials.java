package dev.portcullis.proxy.auth;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A {@code Proxy-Authorization} value, parsed (RFC 9110 section 11.6.2; Basic per RFC 7617, Bearer per RFC 6750). */
sealed interface Credentials {

    /** Never printed: {@code toString} names the user only. */
    record Basic(String user, String password) implements Credentials {
        @Override
        public String toString() {
            return "Basic[" + user + "]";
        }
    }

    record Bearer(String token) implements Credentials {
        @Override
        public String toString() {
            return "Bearer[redacted]";
        }
    }

    /** Unknown scheme, bad base64, no colon...: wrong credentials, as far as the client is told. */
    record Malformed(String why) implements Credentials {
    }

    static Credentials parse(String header) {
        String h = header.strip();
        int space = h.indexOf(' ');
        if (space <= 0) {
            return new Malformed("no credentials after the scheme");
        }
        String scheme = h.substring(0, space);
        String rest = h.substring(space + 1).strip();
        if (rest.isEmpty() || rest.indexOf(' ') >= 0) {
            return new Malformed("expected one token after the scheme");
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            return basic(rest);
        }
        if (scheme.equalsIgnoreCase("Bearer")) {
            return new Bearer(rest);
        }
        return new Malformed("unsupported scheme");
    }

    private static Credentials basic(String token68) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(token68);
        } catch (IllegalArgumentException e) {
            return new Malformed("Basic credentials are not base64");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return new Malformed("Basic credentials are not UTF-8");
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            return new Malformed("Basic credentials have no ':'");
        }
        return new Basic(text.substring(0, colon), text.substring(colon + 1));
    }
}
