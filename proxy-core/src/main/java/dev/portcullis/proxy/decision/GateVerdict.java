package dev.portcullis.proxy.decision;

import dev.portcullis.policy.rules.UntrustedCertAction;

/**
 * What the proxy does with a connection or request, and why. Protocol code acts on {@link #kind()} alone; the rule
 * and reason travel to the block page and the access log.
 */
public record GateVerdict(Kind kind, boolean inspect, String ruleId, String ruleName, String reason,
                          String redirectLocation, boolean blockPage, UntrustedCertAction untrustedCert) {
    public enum Kind { ALLOW, BLOCK, REDIRECT }

    public GateVerdict {
        untrustedCert = untrustedCert == null ? UntrustedCertAction.ERROR : untrustedCert;
    }

    /** A verdict whose rule says nothing about untrusted origin certificates (the default: error page). */
    public GateVerdict(Kind kind, boolean inspect, String ruleId, String ruleName, String reason,
                       String redirectLocation, boolean blockPage) {
        this(kind, inspect, ruleId, ruleName, reason, redirectLocation, blockPage, UntrustedCertAction.ERROR);
    }

    public static GateVerdict allow(String reason) {
        return new GateVerdict(Kind.ALLOW, false, null, null, reason, null, false);
    }

    /** Allowed, and decrypted when the daemon has a CA (Gateway's tls_decrypt on). */
    public static GateVerdict allowAndInspect(String reason) {
        return new GateVerdict(Kind.ALLOW, true, null, null, reason, null, false);
    }

    public static GateVerdict block(String ruleId, String ruleName, String reason, boolean blockPage) {
        return new GateVerdict(Kind.BLOCK, false, ruleId, ruleName, reason, null, blockPage);
    }

    public boolean allowed() {
        return kind == Kind.ALLOW;
    }
}
