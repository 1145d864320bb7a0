/**
 * HTTP/2 from clients to the proxy (RFC 9113) on the HTTPS listener. Start at {@link
 * dev.portcullis.proxy.http2.Http2Frontend#configure}: it installs Netty's frame codec (with the abuse limits) and the
 * multiplexer on a connection whose ALPN chose {@code h2}; every stream becomes a child channel served by
 * {@code Http2StreamRouter}. An {@code http://} request goes to the HTTP/1 forward proxy behind Netty's frame↔object
 * codec ({@code AbsoluteFormRequests}). A CONNECT stream ({@code Http2ConnectStreamHandler}) is checked and dialled exactly like
 * an HTTP/1.1 CONNECT and then relayed by a {@code StreamRelay} pair, with the stream's flow-control window as
 * backpressure; a CONNECT that policy wants inspected becomes a byte stream ({@code StreamBytes}) handed to
 * {@code Inspection.beginOnStream}. With proxy authentication on, the router checks each stream's own
 * {@code proxy-authorization} first ({@code StreamAuthenticator} in {@code proxy.auth}). {@code observe.Http2Meters} counts
 * h2 connections and streams.
 */
package dev.portcullis.proxy.http2;
