package dev.portcullis.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One entry of {@code orgs[].endpoints}: a named way into the proxy for one organisation. The name is what policy
 * sees as {@code proxy.endpoint}; {@code listener} says which proxy listener ({@code http}: every address of
 * {@code proxy.listen}, {@code https}: {@code proxy.tls_listen}); {@code sourceCidrs} (may be empty) are the client
 * ranges it covers. An endpoint without ranges covers every source on its listener.
 */
public record EndpointSection(String name, String listener, List<CidrPorts> sourceCidrs) {

    public static final String HTTP = "http";
    public static final String HTTPS = "https";
    static final Set<String> LISTENERS = Set.of(HTTP, HTTPS);
    static final Bounds.Items SOURCE_CIDRS = new Bounds.Items(0, 4096);

    public EndpointSection {
        name = OrgSection.checkName(Objects.requireNonNull(name, "name"));
        listener = checkListener(Objects.requireNonNull(listener, "listener"));
        sourceCidrs = SOURCE_CIDRS.check(Objects.requireNonNull(sourceCidrs, "sourceCidrs"));
        sourceCidrs.forEach(c -> ProxySection.parseSource(c.toString()));
    }

    static String checkListener(String s) {
        String l = s.toLowerCase(Locale.ROOT);
        if (!LISTENERS.contains(l)) {
            String guess = Suggestions.closest(s, List.of(HTTP, HTTPS));
            throw new ValueParseException("unknown listener '" + Problems.clip(s) + "'; expected 'http' (the "
                    + "proxy.listen addresses) or 'https' (proxy.tls_listen)"
                    + (guess != null && !guess.equals(l) ? "; did you mean '" + guess + "'?" : ""));
        }
        return l;
    }
}
