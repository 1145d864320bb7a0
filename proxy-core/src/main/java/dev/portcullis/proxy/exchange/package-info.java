/**
 * The one request/response state machine shared by the plain forward proxy and TLS inspection. Start at
 * {@link dev.portcullis.proxy.exchange.Exchange}: it streams one request and its response with backpressure, relays
 * interim responses, decides keep-alive, times out a silent origin, retries once when allowed, answers locally and
 * writes the access record. What differs between the two kinds of request comes from two collaborators:
 * {@link dev.portcullis.proxy.exchange.RequestRules} (target, checks, policy, URL, access-record details) and
 * {@link dev.portcullis.proxy.exchange.OriginAccess} (obtaining, releasing and retrying the origin channel).
 * The forward proxy's are {@code http1.ForwardRules} and {@code http1.ForwardOrigin}; inspection's are
 * {@code inspect.InspectedRules} and {@code inspect.LinkAccess}. Policy is only ever asked through the rules, via
 * the {@code decision} gate.
 */
package dev.portcullis.proxy.exchange;
