package dev.portcullis.proxy.pac;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What one organisation's PAC file says besides the proxy addresses. Domain forms: {@code example.com} matches that
 * host only, {@code *.example.com} its subdomains only, {@code .example.com} both. CIDRs are IPv4 (PAC's
 * {@code isInNet} is IPv4-only) and match hosts written as IPv4 literals; the script never resolves names, so a
 * browser does not wait on DNS before every request.
 *
 * @param directFallback append {@code DIRECT} after the proxies, so browsers go direct when no proxy answers
 *                       (off by default: a gateway that can be bypassed by unplugging it is no gateway)
 */
public record PacSettings(List<String> bypassDomains, List<PacCidr> bypassCidrs, boolean directFallback) {
    private static final Pattern LABEL = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");

    public PacSettings {
        List<String> domains = new ArrayList<>(bypassDomains.size());
        for (String d : bypassDomains) {
            domains.add(checkDomain(d));
        }
        bypassDomains = List.copyOf(domains);
        bypassCidrs = List.copyOf(bypassCidrs);
    }

    /** localhost, *.local, loopback and the RFC 1918 ranges go direct; no direct fallback. */
    public static PacSettings defaults() {
        return of(List.of("localhost", "*.local"),
                List.of("127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"), false);
    }

    /** Builds settings from config text; every bad entry is an {@link IllegalArgumentException} naming it. */
    public static PacSettings of(List<String> bypassDomains, List<String> bypassCidrs, boolean directFallback) {
        return new PacSettings(bypassDomains, bypassCidrs.stream().map(PacCidr::parse).toList(), directFallback);
    }

    /** Lower-cased domain pattern, or an exception saying what is wrong with it. */
    static String checkDomain(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("PAC bypass domain is empty");
        }
        String p = pattern.strip().toLowerCase(Locale.ROOT);
        String name = p.startsWith("*.") ? p.substring(2) : p.startsWith(".") ? p.substring(1) : p;
        if (name.isEmpty() || name.length() > 253) {
            throw new IllegalArgumentException("PAC bypass domain '" + pattern + "' has no name or is too long");
        }
        for (String label : name.split("\\.", -1)) {
            if (!LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException("PAC bypass domain '" + pattern + "' has an invalid label '"
                        + label + "' (use example.com, *.example.com or .example.com)");
            }
        }
        return p;
    }
}
