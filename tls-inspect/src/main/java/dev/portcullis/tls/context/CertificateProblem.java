package dev.portcullis.tls.context;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateRevokedException;
import java.security.cert.PKIXReason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Why an origin's certificate was refused, with a sentence fit for an error page. */
public enum CertificateProblem {
    EXPIRED("The site's security certificate has expired."),
    NOT_YET_VALID("The site's security certificate is not valid yet (its start date is in the future)."),
    UNTRUSTED_ISSUER("The site's security certificate was not issued by a trusted certificate authority"
            + " (it may be self-signed or issued by an unknown authority)."),
    HOSTNAME_MISMATCH("The site's security certificate belongs to a different site than the one requested."),
    REVOKED("The site's security certificate has been revoked by its issuer."),
    OTHER("The secure connection to the site could not be established or verified.");

    private static final int MAX_CAUSES = 32;

    private final String sentence;

    CertificateProblem(String sentence) {
        this.sentence = sentence;
    }

    /** A sentence for an error page; names no internals. */
    public String sentence() {
        return sentence;
    }

    /**
     * Classifies a handshake failure by walking its cause chain: typed JDK exceptions first (the reliable signal),
     * then the JDK's well-known messages. Anything unrecognised, including failures that are not about certificates,
     * is {@link #OTHER}.
     */
    public static CertificateProblem classify(Throwable failure) {
        List<Throwable> chain = causes(failure);
        for (Throwable t : chain) {
            CertificateProblem typed = byType(t);
            if (typed != null) {
                return typed;
            }
        }
        for (Throwable t : chain) {
            CertificateProblem byMessage = byMessage(t.getMessage());
            if (byMessage != null) {
                return byMessage;
            }
        }
        return OTHER;
    }

    private static CertificateProblem byType(Throwable t) {
        if (t instanceof HostnameMismatchException) {
            return HOSTNAME_MISMATCH;
        }
        if (t instanceof CertificateExpiredException) {
            return EXPIRED;
        }
        if (t instanceof CertificateNotYetValidException) {
            return NOT_YET_VALID;
        }
        if (t instanceof CertificateRevokedException) {
            return REVOKED;
        }
        if (t instanceof CertPathValidatorException validator) {
            CertPathValidatorException.Reason reason = validator.getReason();
            if (reason == CertPathValidatorException.BasicReason.EXPIRED) {
                return EXPIRED;
            }
            if (reason == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                return NOT_YET_VALID;
            }
            if (reason == CertPathValidatorException.BasicReason.REVOKED) {
                return REVOKED;
            }
            if (reason == PKIXReason.NO_TRUST_ANCHOR) {
                return UNTRUSTED_ISSUER;
            }
        }
        if (t instanceof CertPathBuilderException) {
            return UNTRUSTED_ISSUER; // no path from the presented chain to any trust anchor
        }
        return null;
    }

    private static CertificateProblem byMessage(String message) {
        if (message == null) {
            return null;
        }
        String m = message.toLowerCase(Locale.ROOT);
        if (m.contains("no subject alternative") || m.contains("no name matching")) {
            return HOSTNAME_MISMATCH;
        }
        if (m.contains("pkix path building failed") || m.contains("unable to find valid certification path")
                || m.contains("self signed") || m.contains("self-signed")) {
            return UNTRUSTED_ISSUER;
        }
        if (m.contains("certificate_expired") || m.contains("certificate expired") || m.contains("has expired")) {
            return EXPIRED;
        }
        if (m.contains("certificate_revoked") || m.contains("revoked")) {
            return REVOKED;
        }
        return null;
    }

    private static List<Throwable> causes(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && chain.size() < MAX_CAUSES && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}
