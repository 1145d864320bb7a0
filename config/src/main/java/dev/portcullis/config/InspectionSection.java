package dev.portcullis.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code inspection}: the organisation CA that signs minted leaves (inspection is on only when both the
 * certificate and the key are set), leaf lifetime, leaf cache size and hosts never decrypted.
 */
public record InspectionSection(Optional<Path> caCert, Optional<Path> caKey, Duration leafValidity,
        int leafCacheSize, List<String> doNotInspectHosts, NotTlsAction notTlsAction) {

    static final Bounds.Time LEAF_VALIDITY = Bounds.Time.of("1h", "397d");
    static final Bounds.Count LEAF_CACHE_SIZE = new Bounds.Count(1, 10_000_000);
    static final Bounds.Items DO_NOT_INSPECT_HOSTS = new Bounds.Items(0, 100_000);

    public InspectionSection {
        Objects.requireNonNull(caCert, "caCert");
        Objects.requireNonNull(caKey, "caKey");
        LEAF_VALIDITY.check(Objects.requireNonNull(leafValidity, "leafValidity"));
        LEAF_CACHE_SIZE.check(leafCacheSize);
        Objects.requireNonNull(notTlsAction, "notTlsAction");
        doNotInspectHosts = DO_NOT_INSPECT_HOSTS.check(
                Objects.requireNonNull(doNotInspectHosts, "doNotInspectHosts").stream()
                        .map(InspectionSection::parseHostSuffix).toList());
    }

    /** With the default not-TLS action, {@link NotTlsAction#BLOCK}. */
    public InspectionSection(Optional<Path> caCert, Optional<Path> caKey, Duration leafValidity, int leafCacheSize,
            List<String> doNotInspectHosts) {
        this(caCert, caKey, leafValidity, leafCacheSize, doNotInspectHosts, NotTlsAction.BLOCK);
    }

    /** Whether TLS inspection is configured (both the CA certificate and its key are set). */
    public boolean enabled() {
        return caCert.isPresent() && caKey.isPresent();
    }

    /**
     * A host suffix as matched against SNI / CONNECT hosts: a host name, lower-cased. Wildcards are refused
     * because the match is a suffix match already.
     */
    public static String parseHostSuffix(String text) {
        if (text == null || text.isBlank()) {
            throw new ValueParseException("empty host name");
        }
        String s = text.strip();
        if (s.startsWith("*.") || s.startsWith(".")) {
            throw new ValueParseException("'" + s + "': write the domain without '*.' or a leading '.'; "
                    + "matching is by suffix already");
        }
        if (!IpLiterals.isHostname(s)) {
            throw new ValueParseException(IpLiterals.hostnameProblem(s));
        }
        return s.toLowerCase(Locale.ROOT);
    }

    /** {@code null} removes the CA certificate (and so turns inspection off). */
    public InspectionSection withCaCert(Path v) {
        return new InspectionSection(Optional.ofNullable(v), caKey, leafValidity, leafCacheSize, doNotInspectHosts, notTlsAction);
    }

    /** {@code null} removes the CA key (and so turns inspection off). */
    public InspectionSection withCaKey(Path v) {
        return new InspectionSection(caCert, Optional.ofNullable(v), leafValidity, leafCacheSize, doNotInspectHosts, notTlsAction);
    }

    public InspectionSection withNotTlsAction(NotTlsAction v) {
        return new InspectionSection(caCert, caKey, leafValidity, leafCacheSize, doNotInspectHosts, v);
    }

    public InspectionSection withDoNotInspectHosts(List<String> v) {
        return new InspectionSection(caCert, caKey, leafValidity, leafCacheSize, v, notTlsAction);
    }
}
