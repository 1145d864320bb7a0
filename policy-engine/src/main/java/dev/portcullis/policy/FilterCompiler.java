package dev.portcullis.policy;

import dev.portcullis.policy.check.Checked;
import dev.portcullis.policy.check.TypeChecker;
import dev.portcullis.policy.lists.PolicyLists;
import dev.portcullis.policy.parse.Expr;
import dev.portcullis.policy.parse.Parser;
import dev.portcullis.policy.rules.Phase;
import java.util.Objects;

/** Entry point: parse, type-check (names, types, phase) and compile one expression. */
public final class FilterCompiler {
    private FilterCompiler() {
    }

    /** The compiled form: specialised matchers. */
    public static CompiledFilter compile(Scheme s, String source, PolicyLists lists, Phase phase,
                                         ParserSettings settings) throws PolicyParseException {
        return build(s, source, lists, phase, settings, false);
    }

    /** The same language on the plain reference interpreter (AST walk, no specialisation). */
    public static CompiledFilter reference(Scheme s, String source, PolicyLists lists, Phase phase,
                                           ParserSettings settings) throws PolicyParseException {
        return build(s, source, lists, phase, settings, true);
    }

    private static CompiledFilter build(Scheme s, String source, PolicyLists lists, Phase phase,
                                        ParserSettings settings, boolean reference) throws PolicyParseException {
        Objects.requireNonNull(s, "scheme");
        Objects.requireNonNull(phase, "phase");
        String src = source == null ? "" : source;
        ParserSettings ps = settings == null ? ParserSettings.defaults() : settings;
        PolicyLists ls = lists == null ? PolicyLists.EMPTY : lists;
        try {
            Expr e = Parser.parse(src, ps);
            Checked checked = TypeChecker.check(e, src, s, ls, phase, ps);
            return CompiledFilter.of(checked, src, phase, reference);
        } catch (StackOverflowError | RuntimeException e) {
            // A bug must still surface as a policy error at load time, never as a crash of the reload.
            throw new PolicyParseException(src, 0, src.length(), "internal error while compiling this expression: "
                    + e);
        }
    }
}
