package dev.portcullis.config;

import java.util.List;
import java.util.Objects;

/** {@code proxy}: the HTTP proxy listeners and the pseudonym written into the Via header we add. */
public record ProxySection(List<HostPort> listen, String viaPseudonym) {

    static final Bounds.Items LISTEN = new Bounds.Items(1, 64);

    public ProxySection {
        listen = LISTEN.check(Objects.requireNonNull(listen, "listen"));
        viaPseudonym = checkPseudonym(Objects.requireNonNull(viaPseudonym, "viaPseudonym"));
    }

    /** Via's received-by pseudonym must be an HTTP token (RFC 9110), or the header we add would be malformed. */
    static String checkPseudonym(String s) {
        if (s.isEmpty() || s.length() > 64) {
            throw new ValueParseException("must be 1 to 64 characters, got " + s.length());
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean token = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!token) {
                throw new ValueParseException("'" + s + "' is not an HTTP token (letters, digits and !#$%&'*+-.^_`|~ only)");
            }
        }
        return s;
    }

    public ProxySection withListen(List<HostPort> v) {
        return new ProxySection(v, viaPseudonym);
    }

    public ProxySection withViaPseudonym(String v) {
        return new ProxySection(listen, v);
    }
}
