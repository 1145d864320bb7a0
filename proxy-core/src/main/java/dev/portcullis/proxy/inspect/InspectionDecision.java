package dev.portcullis.proxy.inspect;

import dev.portcullis.proxy.decision.GateVerdict;
import dev.portcullis.proxy.http1.Authority;

/**
 * Whether an allowed CONNECT is decrypted. This is the one place that rule lives.
 *
 * <p>Current rule (until the policy engine sets {@link GateVerdict#inspect()}): inspect every allowed CONNECT whose
 * host is not on the {@link DoNotInspectHosts} list. The daemon only builds this when a CA is configured; without
 * one, every CONNECT is a plain tunnel. When the engine decides inspection, replace the body of
 * {@link #shouldInspect} with {@code verdict.inspect() && !exempt.matches(target.host())}: the exemption list still
 * wins, because a pinned client breaks whatever the policy says.
 */
public final class InspectionDecision {
    private final DoNotInspectHosts exempt;

    public InspectionDecision(DoNotInspectHosts exempt) {
        this.exempt = exempt;
    }

    public boolean shouldInspect(GateVerdict verdict, Authority target) {
        return verdict.allowed() && !exempt.matches(target.host());
    }

    public DoNotInspectHosts exempt() {
        return exempt;
    }
}
