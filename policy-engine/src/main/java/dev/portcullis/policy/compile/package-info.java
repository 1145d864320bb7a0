/**
 * Engine-internal. {@link dev.portcullis.policy.compile.Compiler} turns a checked tree into specialised
 * matchers; {@link dev.portcullis.policy.compile.Interpreter} is the plain reference evaluator;
 * {@link dev.portcullis.policy.compile.RuleIndex} picks candidate rules for a decision.
 */
package dev.portcullis.policy.compile;
