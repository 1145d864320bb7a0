package dev.portcullis.config;

import java.util.List;
import java.util.Objects;

/**
 * {@code proxy}: the HTTP proxy listeners, the pseudonym written into the Via header we add, and the client
 * address ranges the listeners accept (empty: any).
 */
public record ProxySection(List<HostPort> listen, String viaPseudonym, List<CidrPorts> allowedSources) {

    static final Bounds.Items LISTEN = new Bounds.Items(1, 64);
    static final Bounds.Items ALLOWED_SOURCES = new Bounds.Items(0, 4096);

    public ProxySection {
        listen = LISTEN.check(Objects.requireNonNull(listen, "listen"));
        viaPseudonym = checkPseudonym(Objects.requireNonNull(viaPseudonym, "viaPseudonym"));
        allowedSources = ALLOWED_SOURCES.check(Objects.requireNonNull(allowedSources, "allowedSources"));
        allowedSources.forEach(ProxySection::checkSource);
    }

    /** Any client address. */
    public ProxySection(List<HostPort> listen, String viaPseudonym) {
        this(listen, viaPseudonym, List.of());
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
        return new ProxySection(v, viaPseudonym, allowedSources);
    }

    public ProxySection withViaPseudonym(String v) {
        return new ProxySection(listen, v, allowedSources);
    }

    public ProxySection withAllowedSources(List<CidrPorts> v) {
        return new ProxySection(listen, viaPseudonym, v);
    }
}
