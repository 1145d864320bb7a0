package dev.portcullis.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code proxy}: the HTTP proxy listeners, the pseudonym written into the Via header we add, and the optional HTTPS
 * proxy listener (HTTP/2 and HTTP/1.1 over TLS) with its certificate; without {@code tls_cert}/{@code tls_key} its
 * certificate is minted from the inspection CA.
 */
public record ProxySection(List<HostPort> listen, String viaPseudonym, Optional<HostPort> tlsListen,
                           Optional<Path> tlsCert, Optional<Path> tlsKey) {

    static final Bounds.Items LISTEN = new Bounds.Items(1, 64);

    public ProxySection {
        listen = LISTEN.check(Objects.requireNonNull(listen, "listen"));
        viaPseudonym = checkPseudonym(Objects.requireNonNull(viaPseudonym, "viaPseudonym"));
        Objects.requireNonNull(tlsListen, "tlsListen");
        Objects.requireNonNull(tlsCert, "tlsCert");
        Objects.requireNonNull(tlsKey, "tlsKey");
    }

    /** Without the HTTPS listener. */
    public ProxySection(List<HostPort> listen, String viaPseudonym) {
        this(listen, viaPseudonym, Optional.empty(), Optional.empty(), Optional.empty());
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
        return new ProxySection(v, viaPseudonym, tlsListen, tlsCert, tlsKey);
    }

    public ProxySection withViaPseudonym(String v) {
        return new ProxySection(listen, v, tlsListen, tlsCert, tlsKey);
    }

    /** {@code null} removes the HTTPS listener. */
    public ProxySection withTlsListen(HostPort v) {
        return new ProxySection(listen, viaPseudonym, Optional.ofNullable(v), tlsCert, tlsKey);
    }

    /** {@code null} removes the listener certificate (it is then minted from the inspection CA). */
    public ProxySection withTlsCert(Path v) {
        return new ProxySection(listen, viaPseudonym, tlsListen, Optional.ofNullable(v), tlsKey);
    }

    /** {@code null} removes the listener key. */
    public ProxySection withTlsKey(Path v) {
        return new ProxySection(listen, viaPseudonym, tlsListen, tlsCert, Optional.ofNullable(v));
    }
}
