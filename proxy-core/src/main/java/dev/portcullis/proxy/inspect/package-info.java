/**
 * TLS inspection of CONNECT tunnels. Start at {@link dev.portcullis.proxy.inspect.Inspection#begin}: after an
 * allowed CONNECT that {@link dev.portcullis.proxy.inspect.InspectionDecision} says to inspect, the proxy answers
 * 200, {@code ClientHelloReader} reads the client's SNI and ALPN offers, {@code OriginHandshake} dials the origin
 * through the SSRF guard offering the client's ALPN (h2, http/1.1) and verifies its certificate, a leaf mirroring it
 * is minted off the event loop, and the client handshake completes with it and the protocol the origin chose.
 * Every decrypted request runs as an {@code exchange.Exchange} with {@code InspectedRules} (policy per request,
 * scheme https) and {@code LinkAccess}, reaching the origin through an {@code OriginLink}: HTTP/1.1 requests one at
 * a time ({@code InspectedConnection}) over the tunnel's own connection ({@code DedicatedOrigin}); HTTP/2 streams ({@code InspectedH2Client}, {@code InspectedStream}) each as
 * a stream on a pooled origin connection ({@code PooledH2Origin}, {@code H2OriginPool}, {@code H2Origin}). An origin
 * that cannot be reached or verified gets {@code UpstreamRefusalPage} instead (502, or 403 when the inspecting rule's
 * untrusted_cert action is block); only a pass_through rule forwards to an unverified origin, with a warning.
 */
package dev.portcullis.proxy.inspect;
