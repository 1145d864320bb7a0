/**
 * Cloudflare Gateway's field catalogue ({@link dev.portcullis.policy.gateway.GatewayScheme}) and the plain facts
 * the proxy fills in; {@link dev.portcullis.policy.gateway.GatewayContexts} turns facts into fresh, complete
 * contexts, and {@link dev.portcullis.policy.gateway.PolicyContexts} (the decision hot path) into the calling
 * thread's reused context, with only the fields a policy's rules read.
 */
package dev.portcullis.policy.gateway;
