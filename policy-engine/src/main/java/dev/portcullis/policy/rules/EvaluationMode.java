package dev.portcullis.policy.rules;

/** How a {@link RuleSet} built from sources evaluates: the compiled engine or the plain reference interpreter. */
public enum EvaluationMode {
    /** Specialised matchers and a rule index. Use this in production. */
    COMPILED,
    /** AST walk, no index: slow on purpose, the yardstick for tests and benchmarks. */
    REFERENCE
}
