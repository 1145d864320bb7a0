package dev.portcullis.policy;

import dev.portcullis.policy.check.Checked;
import dev.portcullis.policy.check.Cond;
import dev.portcullis.policy.compile.Compiler;
import dev.portcullis.policy.compile.Interpreter;
import dev.portcullis.policy.compile.Matcher;
import dev.portcullis.policy.rules.Phase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A filter produced by {@link FilterCompiler}: immutable, thread-safe, and transparent enough for a
 * {@link dev.portcullis.policy.rules.RuleSet} to index it and to tell which phases it can run in.
 * A rule's several conditions (Gateway's traffic, identity and device posture) combine with {@link #allOf}.
 */
public final class CompiledFilter implements Filter {
    private final List<Cond> conditions;
    private final List<String> sources;
    private final Set<Field> fields;
    private final Phase phase;
    private final boolean reference;
    private final Matcher matcher;
    private final Cond root;

    private CompiledFilter(List<Cond> conditions, List<String> sources, Set<Field> fields, Phase phase,
                           boolean reference) {
        this.conditions = List.copyOf(conditions);
        this.sources = List.copyOf(sources);
        this.fields = Collections.unmodifiableSet(new LinkedHashSet<>(fields));
        this.phase = phase;
        this.reference = reference;
        this.root = conditions.size() == 1 ? conditions.get(0) : new Cond.And(this.conditions);
        this.matcher = reference ? null : Compiler.compile(root);
    }

    static CompiledFilter of(Checked checked, String source, Phase phase, boolean reference) {
        return new CompiledFilter(List.of(checked.root()), List.of(source), checked.fields(), phase, reference);
    }

    /**
     * The conjunction of filters compiled for the same phase and mode; an empty list is always true.
     */
    public static CompiledFilter allOf(List<CompiledFilter> filters, Phase phase) {
        List<Cond> conds = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        Set<Field> fields = new LinkedHashSet<>();
        Boolean reference = null;
        for (CompiledFilter f : filters) {
            if (f.phase != phase) {
                throw new IllegalArgumentException("filter '" + f + "' was compiled for " + f.phase + ", not " + phase);
            }
            if (reference != null && reference != f.reference) {
                throw new IllegalArgumentException("cannot combine compiled and reference filters");
            }
            reference = f.reference;
            conds.addAll(f.conditions);
            sources.addAll(f.sources);
            fields.addAll(f.fields);
        }
        if (conds.isEmpty()) {
            conds.add(new Cond.Const(true));
        }
        return new CompiledFilter(conds, sources, fields, phase, reference != null && reference);
    }

    @Override
    public boolean execute(ExecutionContext ctx) {
        return reference ? Interpreter.test(root, ctx) : matcher.test(ctx, null);
    }

    /** The fields this filter reads. */
    public Set<Field> fields() {
        return fields;
    }

    public Phase phase() {
        return phase;
    }

    /** True when this filter runs on the reference interpreter. */
    public boolean isReference() {
        return reference;
    }

    /** Whether every field this filter reads has a value in {@code p} (e.g. an HTTP rule before decryption). */
    public boolean usableIn(Phase p) {
        for (Field f : fields) {
            if (!f.availableIn(p)) {
                return false;
            }
        }
        return true;
    }

    /** The checked conditions, all of which must hold; engine-internal (used by the rule index). */
    public List<Cond> conditions() {
        return conditions;
    }

    public List<String> sources() {
        return sources;
    }

    @Override
    public String toString() {
        return sources.size() == 1 ? sources.get(0) : "(" + String.join(") and (", sources) + ")";
    }
}
