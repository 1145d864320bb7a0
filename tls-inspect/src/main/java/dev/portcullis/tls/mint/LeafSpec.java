package dev.portcullis.tls.mint;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Everything that decides the content of a minted leaf, and so the cache key: the requested host, the DNS and IP
 * subject alternative names, and the validity window. Two equal specs always mint interchangeable certificates.
 *
 * <p>Validity: {@code notBefore} is the start of the current UTC hour minus one hour (so 1 to 2 hours in the past,
 * which absorbs client clock skew), never earlier than the upstream certificate's own {@code notBefore};
 * {@code notAfter} is at most {@link #DEFAULT_MAX_VALIDITY} after that and never later than the upstream's
 * {@code notAfter}. Rounding to the hour is what makes specs built a minute apart equal, so the cache hits; it costs
 * one re-mint per host per hour, about a millisecond.
 *
 * @param host        the requested host in canonical form (lower-case ASCII DNS name, or an IP literal)
 * @param dnsNames    DNS SANs, sorted and distinct; contains {@code host} when it is a DNS name
 * @param ipAddresses IP SANs in canonical text form, sorted and distinct; contains {@code host} when it is an IP
 * @param notBefore   start of validity
 * @param notAfter    end of validity, after {@code notBefore}
 */
public record LeafSpec(String host, List<String> dnsNames, List<String> ipAddresses, Instant notBefore,
        Instant notAfter) {

    public static final Duration DEFAULT_MAX_VALIDITY = Duration.ofDays(3);
    static final Duration BACKDATE = Duration.ofHours(1);
    /** Upstream certificates with more names than this are rare; the rest are dropped, the requested host never. */
    public static final int MAX_NAMES = 500;
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;

    /** Canonicalises and checks every field; throws {@link IllegalArgumentException} naming the bad value. */
    public LeafSpec {
        host = HostNames.canonicalHost(host);
        boolean hostIsIp = HostNames.isIpLiteral(host);
        TreeSet<String> dns = new TreeSet<>();
        for (String name : nonNull(dnsNames, "dnsNames")) {
            dns.add(HostNames.canonicalDnsName(name, true));
        }
        TreeSet<String> ips = new TreeSet<>();
        for (String ip : nonNull(ipAddresses, "ipAddresses")) {
            ips.add(HostNames.canonicalIp(ip));
        }
        (hostIsIp ? ips : dns).add(host);
        if (dns.size() + ips.size() > MAX_NAMES + 1) {
            throw new IllegalArgumentException("leaf for '" + host + "' would have " + (dns.size() + ips.size())
                    + " names; at most " + (MAX_NAMES + 1) + " are allowed");
        }
        dnsNames = List.copyOf(dns);
        ipAddresses = List.copyOf(ips);
        if (notBefore == null || notAfter == null) {
            throw new IllegalArgumentException("leaf for '" + host + "' needs both notBefore and notAfter");
        }
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("leaf for '" + host + "' has an empty validity window: notBefore "
                    + notBefore + " is not before notAfter " + notAfter);
        }
    }

    /** A leaf for {@code host} alone, valid for the default window; for when there is no upstream certificate. */
    public static LeafSpec forHost(String host) {
        return forHost(host, Clock.systemUTC());
    }

    /** As {@link #forHost(String)}, at {@code clock}'s time. */
    public static LeafSpec forHost(String host, Clock clock) {
        Instant notBefore = windowStart(clock);
        return new LeafSpec(host, List.of(), List.of(), notBefore, notBefore.plus(DEFAULT_MAX_VALIDITY));
    }

    /**
     * A leaf for every name in {@code names} (DNS names and IP literals; the first one is the subject), valid from
     * the current window start for {@code validity}: for the proxy's own listener identity.
     */
    public static LeafSpec forNames(List<String> names, Clock clock, Duration validity) {
        if (names == null || names.isEmpty()) {
            throw new IllegalArgumentException("at least one host name or IP address is required");
        }
        if (validity.isNegative() || validity.isZero()) {
            throw new IllegalArgumentException("validity must be positive, got " + validity);
        }
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        for (String name : names) {
            (HostNames.isIpLiteral(name) ? ips : dns).add(name);
        }
        Instant notBefore = windowStart(clock);
        return new LeafSpec(names.get(0), dns, ips, notBefore, notBefore.plus(validity));
    }

    /** {@link #fromUpstream(String, X509Certificate, Clock, Duration)} with the default maximum validity. */
    public static LeafSpec fromUpstream(String requestedHost, X509Certificate upstreamLeaf, Clock clock) {
        return fromUpstream(requestedHost, upstreamLeaf, clock, DEFAULT_MAX_VALIDITY);
    }

    /**
     * A leaf that mirrors the origin's certificate: its DNS and IP SANs plus {@code requestedHost}, validity clipped
     * to the upstream's window and to {@code maxValidity}. SANs that are not valid DNS names (they occur in the wild)
     * are dropped rather than failing the connection.
     */
    public static LeafSpec fromUpstream(String requestedHost, X509Certificate upstreamLeaf, Clock clock,
            Duration maxValidity) {
        if (upstreamLeaf == null) {
            throw new IllegalArgumentException("upstream certificate must not be null; use LeafSpec.forHost instead");
        }
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        collectSans(upstreamLeaf, dns, ips);
        Instant start = windowStart(clock);
        Instant upstreamNotBefore = upstreamLeaf.getNotBefore().toInstant();
        Instant upstreamNotAfter = upstreamLeaf.getNotAfter().toInstant();
        Instant notBefore = start.isBefore(upstreamNotBefore) ? upstreamNotBefore : start;
        Instant cap = notBefore.plus(maxValidity);
        Instant notAfter = upstreamNotAfter.isBefore(cap) ? upstreamNotAfter : cap;
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("upstream certificate for '" + requestedHost + "' (valid "
                    + upstreamNotBefore + " to " + upstreamNotAfter + ") leaves no validity window at " + clock.instant()
                    + "; serve an error page with LeafSpec.forHost instead");
        }
        List<String> keptDns = keepValid(dns, true);
        List<String> keptIps = keepValid(ips, false);
        return new LeafSpec(requestedHost, keptDns, keptIps, notBefore, notAfter);
    }

    private static Instant windowStart(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.HOURS).minus(BACKDATE);
    }

    private static void collectSans(X509Certificate certificate, List<String> dns, List<String> ips) {
        Collection<List<?>> sans;
        try {
            sans = certificate.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("cannot read the subject alternative names of upstream certificate '"
                    + certificate.getSubjectX500Principal().getName() + "': " + e.getMessage(), e);
        }
        if (sans == null) {
            return;
        }
        for (List<?> san : sans) {
            if (san.size() < 2 || !(san.get(0) instanceof Integer type) || !(san.get(1) instanceof String value)) {
                continue;
            }
            if (type == SAN_DNS) {
                dns.add(value);
            } else if (type == SAN_IP) {
                ips.add(value);
            }
        }
    }

    private static List<String> keepValid(List<String> names, boolean dns) {
        TreeSet<String> kept = new TreeSet<>();
        for (String name : names) {
            if (kept.size() >= MAX_NAMES / 2) {
                break;
            }
            try {
                kept.add(dns ? HostNames.canonicalDnsName(name, true) : HostNames.canonicalIp(name));
            } catch (IllegalArgumentException ignored) {
                // an odd SAN in the origin's certificate must not stop us serving the names that are fine
            }
        }
        return List.copyOf(kept);
    }

    private static <T> List<T> nonNull(List<T> list, String what) {
        if (list == null) {
            throw new IllegalArgumentException(what + " must not be null (use an empty list)");
        }
        return list;
    }
}
