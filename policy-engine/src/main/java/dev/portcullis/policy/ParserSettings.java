package dev.portcullis.policy;

/**
 * Limits that keep a hostile or broken policy from exhausting the parser: each exceeded limit is a
 * {@link PolicyParseException} naming it. Immutable; derive variants with the {@code with*} methods.
 */
public final class ParserSettings {
    private static final ParserSettings DEFAULTS = new ParserSettings(64 * 1024, 64, 4 * 1024, 10_000);

    private final int maxExpressionLength;
    private final int maxNestingDepth;
    private final int maxRegexLength;
    private final int maxSetSize;

    private ParserSettings(int maxExpressionLength, int maxNestingDepth, int maxRegexLength, int maxSetSize) {
        this.maxExpressionLength = positive("maxExpressionLength", maxExpressionLength);
        this.maxNestingDepth = positive("maxNestingDepth", maxNestingDepth);
        this.maxRegexLength = positive("maxRegexLength", maxRegexLength);
        this.maxSetSize = positive("maxSetSize", maxSetSize);
    }

    /** 64 KiB expressions, nesting depth 64, regexes up to 4 KiB, literal sets up to 10,000 items. */
    public static ParserSettings defaults() {
        return DEFAULTS;
    }

    public int maxExpressionLength() {
        return maxExpressionLength;
    }

    public int maxNestingDepth() {
        return maxNestingDepth;
    }

    public int maxRegexLength() {
        return maxRegexLength;
    }

    /** Most items in one literal set {@code {...}} (named lists are not limited here). */
    public int maxSetSize() {
        return maxSetSize;
    }

    public ParserSettings withMaxExpressionLength(int v) {
        return new ParserSettings(v, maxNestingDepth, maxRegexLength, maxSetSize);
    }

    public ParserSettings withMaxNestingDepth(int v) {
        return new ParserSettings(maxExpressionLength, v, maxRegexLength, maxSetSize);
    }

    public ParserSettings withMaxRegexLength(int v) {
        return new ParserSettings(maxExpressionLength, maxNestingDepth, v, maxSetSize);
    }

    public ParserSettings withMaxSetSize(int v) {
        return new ParserSettings(maxExpressionLength, maxNestingDepth, maxRegexLength, v);
    }

    private static int positive(String name, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + v);
        }
        return v;
    }
}
