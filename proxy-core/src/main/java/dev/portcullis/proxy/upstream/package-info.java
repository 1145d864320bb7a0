/**
 * Reaching origins safely. Start at {@link dev.portcullis.proxy.upstream.UpstreamConnector}: it classifies the host
 * ({@link dev.portcullis.proxy.upstream.HostLiteral}: IP literals in every encoding, or a name resolved by
 * {@link dev.portcullis.proxy.upstream.Resolver}), checks each address with the
 * {@link dev.portcullis.proxy.upstream.DestinationGuard} and dials exactly an address that passed. Idle HTTP
 * connections wait in {@link dev.portcullis.proxy.upstream.UpstreamPools}, one pool per event loop.
 */
package dev.portcullis.proxy.upstream;
