/**
 * The public engine API. Start at {@link dev.portcullis.policy.FilterCompiler}: a {@link
 * dev.portcullis.policy.Scheme} (usually {@code GatewayScheme.scheme()}) plus an expression, lists and a phase give
 * a {@link dev.portcullis.policy.CompiledFilter}; fill an {@link dev.portcullis.policy.ExecutionContext} and call
 * {@code execute}. Errors are {@link dev.portcullis.policy.PolicyParseException}s with a caret rendering.
 * Pure Java: no Netty, no Jackson, no file I/O.
 */
package dev.portcullis.policy;
