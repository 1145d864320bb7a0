package dev.portcullis.policy.rules;

import dev.portcullis.policy.CompiledFilter;
import dev.portcullis.policy.ExecutionContext;
import dev.portcullis.policy.Field;
import dev.portcullis.policy.FilterCompiler;
import dev.portcullis.policy.ParserSettings;
import dev.portcullis.policy.PolicyParseException;
import dev.portcullis.policy.Scheme;
import dev.portcullis.policy.check.Cond;
import dev.portcullis.policy.compile.RuleIndex;
import dev.portcullis.policy.lists.PolicyLists;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Rules of one phase in precedence order (ties keep input order); the first match wins. Compiled conditions
 * are indexed so a decision evaluates only rules that can match; conditions the index cannot see through
 * (reference filters, custom {@link dev.portcullis.policy.Filter}s, negations...) are evaluated every time.
 * Immutable and thread-safe.
 */
public final class RuleSet {
    private final Phase phase;
    private final Rule[] rules;
    private final RuleIndex index;
    /** Null when some condition is opaque. */
    private final Set<Field> fieldsRead;

    private RuleSet(Phase phase, Rule[] rules, RuleIndex index) {
        this.phase = phase;
        this.rules = rules;
        this.index = index;
        Set<Field> read = new LinkedHashSet<>();
        for (Rule r : rules) {
            if (!(r.condition() instanceof CompiledFilter f)) {
                read = null;
                break;
            }
            read.addAll(f.fields());
        }
        this.fieldsRead = read == null ? null : Collections.unmodifiableSet(read);
    }

    /**
     * Orders and indexes already-compiled rules. {@code phase} is where the set is evaluated; see
     * {@link #restrictedTo(Phase)} for HTTP rules evaluated before decryption.
     */
    public static RuleSet of(Phase phase, List<Rule> rules) {
        Objects.requireNonNull(phase, "phase");
        Rule[] sorted = rules.toArray(new Rule[0]);
        Arrays.sort(sorted, Comparator.comparingInt(Rule::precedence));
        List<List<Cond>> conds = new ArrayList<>(sorted.length);
        boolean anyIndexable = false;
        for (Rule r : sorted) {
            if (r.condition() instanceof CompiledFilter f && !f.isReference() && !f.fields().isEmpty()) {
                conds.add(f.conditions());
                anyIndexable = true;
            } else {
                conds.add(null);
            }
        }
        RuleIndex index = anyIndexable ? RuleIndex.build(conds) : null;
        return new RuleSet(phase, sorted, index);
    }

    /**
     * Parses and compiles every condition of every rule, collecting all errors. In {@link EvaluationMode#REFERENCE}
     * the rules run on the reference interpreter with no index.
     */
    public static RuleSet compile(Phase phase, List<RuleSource> sources, Scheme scheme, PolicyLists lists,
                                  ParserSettings settings, EvaluationMode mode) throws RuleSetException {
        List<Rule> rules = new ArrayList<>();
        List<RuleSetException.RuleError> errors = new ArrayList<>();
        for (int i = 0; i < sources.size(); i++) {
            RuleSource s = sources.get(i);
            List<CompiledFilter> parts = new ArrayList<>();
            for (RuleSource.Condition c : s.conditions()) {
                try {
                    parts.add(mode == EvaluationMode.REFERENCE
                            ? FilterCompiler.reference(scheme, c.source(), lists, phase, settings)
                            : FilterCompiler.compile(scheme, c.source(), lists, phase, settings));
                } catch (PolicyParseException e) {
                    errors.add(new RuleSetException.RuleError(i, s.name(), c.label(), e));
                }
            }
            if (parts.size() == s.conditions().size()) {
                CompiledFilter cond = parts.size() == 1 ? parts.get(0) : CompiledFilter.allOf(parts, phase);
                if (parts.isEmpty() && mode == EvaluationMode.REFERENCE) {
                    try {
                        cond = FilterCompiler.reference(scheme, "", lists, phase, settings);
                    } catch (PolicyParseException e) {
                        throw new IllegalStateException("the empty expression must compile", e);
                    }
                }
                rules.add(new Rule(s.id(), s.name(), s.precedence(), s.action(), phase, cond, s.settings()));
            }
        }
        if (!errors.isEmpty()) {
            throw new RuleSetException(errors);
        }
        return of(phase, rules);
    }

    /** The first rule, by precedence, whose condition holds. */
    public Optional<Rule> firstMatch(ExecutionContext ctx) {
        if (index == null) {
            for (Rule r : rules) {
                if (r.condition().execute(ctx)) {
                    return Optional.of(r);
                }
            }
            return Optional.empty();
        }
        long[] bits = index.candidates(ctx);
        for (int w = 0; w < bits.length; w++) {
            long word = bits[w];
            while (word != 0) {
                Rule r = rules[(w << 6) + Long.numberOfTrailingZeros(word)];
                if (r.condition().execute(ctx)) {
                    return Optional.of(r);
                }
                word &= word - 1;
            }
        }
        return Optional.empty();
    }

    /** The first match as a decision, or the given default. */
    public Decision decide(ExecutionContext ctx, Action defaultAction, String defaultReason) {
        Optional<Rule> r = firstMatch(ctx);
        return r.isPresent() ? Decision.matched(r.get()) : Decision.byDefault(defaultAction, phase, defaultReason);
    }

    /**
     * The rules whose conditions only read fields available in {@code p}, evaluated in phase {@code p}: e.g. the
     * HTTP rules that still apply to a CONNECT that will not be decrypted. Rules with conditions this engine did
     * not compile are left out (their fields are unknown).
     */
    public RuleSet restrictedTo(Phase p) {
        List<Rule> kept = new ArrayList<>();
        for (Rule r : rules) {
            if (r.condition() instanceof CompiledFilter f && f.usableIn(p)) {
                kept.add(r);
            }
        }
        return of(p, kept);
    }

    public Phase phase() {
        return phase;
    }

    /**
     * Every field some rule's condition reads, so a caller can leave the others out of the context; empty when
     * a condition is a custom {@link dev.portcullis.policy.Filter} whose fields are unknown (fill them all).
     */
    public Optional<Set<Field>> fieldsRead() {
        return Optional.ofNullable(fieldsRead);
    }

    /** In evaluation order. */
    public List<Rule> rules() {
        return List.of(rules);
    }

    public int size() {
        return rules.length;
    }

    /** How many rules a decision on {@code ctx} would consider at most (diagnostics and tests). */
    public int candidateCount(ExecutionContext ctx) {
        if (index == null) {
            return rules.length;
        }
        int n = 0;
        for (long w : index.candidates(ctx)) {
            n += Long.bitCount(w);
        }
        return n;
    }

    /** Rules reached only through the index; the others are evaluated on every decision. */
    public int indexedRules() {
        return index == null ? 0 : index.indexedRules();
    }
}
