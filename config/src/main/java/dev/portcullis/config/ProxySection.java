package dev.portcullis.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code proxy}: the HTTP proxy listeners, the pseudonym written into the Via header we add, the client address
 * ranges the listeners accept (empty: any), and the optional HTTPS proxy listener (HTTP/2 and HTTP/1.1 over TLS)
 * with its certificate; without {@code tls_cert}/{@code tls_key} its certificate is minted from the inspection CA.
 * With {@code tls_client_ca} the HTTPS listener verifies client certificates ({@code tls_client_auth}: optional or
 * require) and a verified certificate authenticates the connection.
 */
public record ProxySection(List<HostPort> listen, String viaPseudonym, List<CidrPorts> allowedSources,
                           Optional<HostPort> tlsListen, Optional<Path> tlsCert, Optional<Path> tlsKey,
                           Optional<Path> tlsClientCa, TlsClientAuth tlsClientAuth) {

    static final Bounds.Items LISTEN = new Bounds.Items(1, 64);
    static final Bounds.Items ALLOWED_SOURCES = new Bounds.Items(0, 4096);

    public ProxySection {
        listen = LISTEN.check(Objects.requireNonNull(listen, "listen"));
        viaPseudonym = checkPseudonym(Objects.requireNonNull(viaPseudonym, "viaPseudonym"));
        allowedSources = ALLOWED_SOURCES.check(Objects.requireNonNull(allowedSources, "allowedSources"));
        allowedSources.forEach(ProxySection::checkSource);
        Objects.requireNonNull(tlsListen, "tlsListen");
        Objects.requireNonNull(tlsCert, "tlsCert");
        Objects.requireNonNull(tlsKey, "tlsKey");
        Objects.requireNonNull(tlsClientCa, "tlsClientCa");
        Objects.requireNonNull(tlsClientAuth, "tlsClientAuth");
    }

    /** No client certificates on the HTTPS listener. */
    public ProxySection(List<HostPort> listen, String viaPseudonym, List<CidrPorts> allowedSources,
                        Optional<HostPort> tlsListen, Optional<Path> tlsCert, Optional<Path> tlsKey) {
        this(listen, viaPseudonym, allowedSources, tlsListen, tlsCert, tlsKey, Optional.empty(),
                TlsClientAuth.REQUIRE);
    }

    /** Any client address, no HTTPS listener. */
    public ProxySection(List<HostPort> listen, String viaPseudonym) {
        this(listen, viaPseudonym, List.of());
    }

    /** No HTTPS listener. */
    public ProxySection(List<HostPort> listen, String viaPseudonym, List<CidrPorts> allowedSources) {
        this(listen, viaPseudonym, allowedSources, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Any client address. */
    public ProxySection(List<HostPort> listen, String viaPseudonym, Optional<HostPort> tlsListen,
                        Optional<Path> tlsCert, Optional<Path> tlsKey) {
        this(listen, viaPseudonym, List.of(), tlsListen, tlsCert, tlsKey);
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

    /**
     * A client range: {@code CIDR} without ports (a client's source port says nothing about who it is). Public for
     * the {@code --allow-source} flag; throws {@link ValueParseException} with the config file's wording.
     */
    public static CidrPorts parseSource(String text) {
        return checkSource(CidrPorts.parse(text));
    }

    private static CidrPorts checkSource(CidrPorts c) {
        if (!c.ports().isAll()) {
            throw new ValueParseException("'" + c + "': a source range takes no ports; write just the CIDR, e.g. "
                    + "10.0.0.0/8");
        }
        return c;
    }

    public ProxySection withListen(List<HostPort> v) {
        return new ProxySection(v, viaPseudonym, allowedSources, tlsListen, tlsCert, tlsKey, tlsClientCa,
                tlsClientAuth);
    }

    public ProxySection withViaPseudonym(String v) {
        return new ProxySection(listen, v, allowedSources, tlsListen, tlsCert, tlsKey, tlsClientCa,
                tlsClientAuth);
    }

    public ProxySection withAllowedSources(List<CidrPorts> v) {
        return new ProxySection(listen, viaPseudonym, v, tlsListen, tlsCert, tlsKey, tlsClientCa, tlsClientAuth);
    }

    /** {@code null} removes the HTTPS listener. */
    public ProxySection withTlsListen(HostPort v) {
        return new ProxySection(listen, viaPseudonym, allowedSources, Optional.ofNullable(v), tlsCert, tlsKey,
                tlsClientCa, tlsClientAuth);
    }

    /** {@code null} removes the listener certificate (it is then minted from the inspection CA). */
    public ProxySection withTlsCert(Path v) {
        return new ProxySection(listen, viaPseudonym, allowedSources, tlsListen, Optional.ofNullable(v), tlsKey,
                tlsClientCa, tlsClientAuth);
    }

    /** {@code null} removes the listener key. */
    public ProxySection withTlsKey(Path v) {
        return new ProxySection(listen, viaPseudonym, allowedSources, tlsListen, tlsCert, Optional.ofNullable(v),
                tlsClientCa, tlsClientAuth);
    }

    /** {@code null} removes client-certificate authentication from the HTTPS listener. */
    public ProxySection withTlsClientCa(Path v) {
        return new ProxySection(listen, viaPseudonym, allowedSources, tlsListen, tlsCert, tlsKey,
                Optional.ofNullable(v), tlsClientAuth);
    }

    public ProxySection withTlsClientAuth(TlsClientAuth v) {
        return new ProxySection(listen, viaPseudonym, allowedSources, tlsListen, tlsCert, tlsKey, tlsClientCa, v);
    }
}
