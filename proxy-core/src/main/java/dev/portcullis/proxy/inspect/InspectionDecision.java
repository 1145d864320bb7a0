package dev.portcullis.proxy.inspect;

import dev.portcullis.proxy.decision.GateVerdict;
import dev.portcullis.proxy.http.Authority;

/**
 * Whether an allowed CONNECT is decrypted. This is the one place that rule lives.
 *
 * <p>Policy decides ({@link GateVerdict#inspect()}: Gateway's {@code tls_decrypt} setting and its on/off rules),
 * and the {@link DoNotInspectHosts} list still wins, because a certificate-pinned client breaks whatever the policy
 * says. The daemon only builds this when a CA is configured; without one, every CONNECT is a plain tunnel.
 */
public final class InspectionDecision {
    private final DoNotInspectHosts exempt;

    public InspectionDecision(DoNotInspectHosts exempt) {
        this.exempt = exempt;
    }

    public boolean shouldInspect(GateVerdict verdict, Authority target) {
        return verdict.allowed() && verdict.inspect() && !exempt.matches(target.host());
    }

    public DoNotInspectHosts exempt() {
        return exempt;
    }
}
