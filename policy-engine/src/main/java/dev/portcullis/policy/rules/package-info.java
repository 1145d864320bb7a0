/**
 * Ordered rules to decisions. Start at {@link dev.portcullis.policy.rules.RuleSet}: {@code of(phase, rules)} for
 * rules whose conditions were compiled with {@code FilterCompiler}, or {@code compile(...)} from sources; then
 * {@code firstMatch(ctx)} / {@code decide(...)}.
 */
package dev.portcullis.policy.rules;
