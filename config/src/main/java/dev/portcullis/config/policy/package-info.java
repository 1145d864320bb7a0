/**
 * Organisation policy documents: Gateway-style JSON rules and lists → compiled, immutable {@link
 * dev.portcullis.config.policy.OrgPolicy} snapshots, held and atomically swapped by {@link
 * dev.portcullis.config.policy.PolicyStore}.
 *
 * <p>Start with {@link dev.portcullis.config.policy.OrgPolicy} (how a decision is made) and {@link
 * dev.portcullis.config.policy.PolicyDocumentLoader} (bytes → policy). The pipeline behind the loader is
 * {@code DocumentReader} (streaming JSON with locations) → {@code DocumentBinder} (strict keys, types, actions,
 * settings) → {@code PolicyCompiler} (lists and expressions through the policy engine). Every stage adds to one
 * {@code Problems} collector so a document's errors are all reported together. The format is documented in
 * {@code docs/policy-documents.md}.
 */
package dev.portcullis.config.policy;
