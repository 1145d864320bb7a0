/**
 * TLS inspection of CONNECT tunnels. Start at {@link dev.portcullis.proxy.inspect.Inspection#begin}: after an
 * allowed CONNECT that {@link dev.portcullis.proxy.inspect.InspectionDecision} says to inspect, the proxy answers
 * 200, {@code ClientHelloReader} reads the client's SNI and ALPN offers, {@code OriginHandshake} dials the origin
 * through the SSRF guard and verifies its certificate, a leaf mirroring it is minted off the event loop, and the
 * client handshake completes with it. Decrypted HTTP/1.1 requests then run one at a time as
 * {@code InspectedExchange}s (policy per request, scheme https) over that one verified origin connection. An origin
 * that cannot be reached or verified gets {@code UpstreamRefusalPage} instead: never a silent forward.
 */
package dev.portcullis.proxy.inspect;
