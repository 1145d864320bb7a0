/**
 * Cloudflare Gateway's field catalogue ({@link dev.portcullis.policy.gateway.GatewayScheme}) and the plain facts
 * the proxy fills in; {@link dev.portcullis.policy.gateway.GatewayContexts} turns facts into contexts.
 */
package dev.portcullis.policy.gateway;
