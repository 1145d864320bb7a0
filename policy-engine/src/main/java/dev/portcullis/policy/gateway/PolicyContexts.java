package dev.portcullis.policy.gateway;

import dev.portcullis.policy.ExecutionContext;
import dev.portcullis.policy.Field;
import java.util.Collection;

/**
 * The hot-path form of {@link GatewayContexts} for one compiled policy: fills only the fields its rules read, into
 * the calling thread's one reused {@link ExecutionContext}. Building a fresh, complete context per decision
 * (arrays, the headers map copied, domains, categories and apps looked up whether or not a rule reads them) cost
 * more than evaluating the rules.
 *
 * <p>The returned context belongs to the calling thread and stays valid only until that thread's next
 * {@link #network} or {@link #request} call on any {@code PolicyContexts}: evaluate it, do not keep it. Fields
 * outside the selection are absent, so a filter reading one would see "absent", never a previous decision's value.
 * Immutable and thread-safe.
 */
public final class PolicyContexts {
    /** One per thread for all policies: every call clears it first, so nothing leaks between decisions. */
    private static final ThreadLocal<ExecutionContext> REUSED =
            ThreadLocal.withInitial(() -> GatewayScheme.scheme().newContext());

    private final ContextFill fill;

    private PolicyContexts(ContextFill fill) {
        this.fill = fill;
    }

    /**
     * Contexts holding exactly {@code fields} (gateway scheme fields, e.g. the union of
     * {@link dev.portcullis.policy.rules.RuleSet#fieldsRead()} over a policy's rule sets).
     *
     * @throws IllegalArgumentException naming a field that is not one of {@link GatewayScheme}'s
     */
    public static PolicyContexts forFields(Collection<Field> fields, Intelligence intel) {
        return new PolicyContexts(ContextFill.of(fields, intel));
    }

    /** Contexts holding every field, for rules whose fields are unknown (custom filters). */
    public static PolicyContexts allFields(Intelligence intel) {
        return new PolicyContexts(ContextFill.all(intel));
    }

    /** As {@link GatewayContexts#network}, restricted to the selected fields, in this thread's reused context. */
    public ExecutionContext network(ConnectionFacts f) {
        ExecutionContext ctx = REUSED.get();
        ctx.clear();
        fill.network(ctx, f);
        return ctx;
    }

    /** As {@link GatewayContexts#request}, restricted to the selected fields, in this thread's reused context. */
    public ExecutionContext request(RequestFacts r) {
        ExecutionContext ctx = REUSED.get();
        ctx.clear();
        fill.request(ctx, r);
        return ctx;
    }

    /** Whether contexts from here hold {@code f} (when the facts supply it). */
    public boolean fills(Field f) {
        return fill.fills(f);
    }
}
