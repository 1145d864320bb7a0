/**
 * Engine-internal. {@link dev.portcullis.policy.check.TypeChecker} resolves fields, lists, functions, types and
 * phases and yields the typed {@link dev.portcullis.policy.check.Cond} tree both evaluators share.
 */
package dev.portcullis.policy.check;
