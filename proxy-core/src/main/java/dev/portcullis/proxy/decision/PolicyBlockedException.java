package dev.portcullis.proxy.decision;

/** A dial vetoed by policy once the destination address was known; carries the verdict for the block page. */
public final class PolicyBlockedException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient GateVerdict verdict;

    public PolicyBlockedException(GateVerdict verdict) {
        super(verdict.reason(), null, false, false);
        this.verdict = verdict;
    }

    public GateVerdict verdict() {
        return verdict;
    }
}
