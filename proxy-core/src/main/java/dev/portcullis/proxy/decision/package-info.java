/**
 * Asking policy and answering for it. {@link dev.portcullis.proxy.decision.PolicyGate} (fails closed) asks a
 * {@link dev.portcullis.proxy.decision.PolicyDecider} — the policy engine through
 * {@link dev.portcullis.proxy.decision.EngineDecider} — and {@link dev.portcullis.proxy.decision.BlockResponder}
 * writes block pages and redirects.
 */
package dev.portcullis.proxy.decision;
