/**
 * Engine-internal. {@link dev.portcullis.policy.parse.Lexer} then {@link dev.portcullis.policy.parse.Parser}
 * (Wirefilter precedence, bounded depth) produce the untyped {@link dev.portcullis.policy.parse.Expr} tree.
 */
package dev.portcullis.policy.parse;
