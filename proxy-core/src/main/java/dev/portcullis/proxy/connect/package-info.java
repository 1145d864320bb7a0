/**
 * CONNECT tunnels. {@link dev.portcullis.proxy.connect.ConnectRequestHandler} decides and dials, then swaps
 * the HTTP handlers for a {@link dev.portcullis.proxy.connect.TunnelRelay} on each side.
 */
package dev.portcullis.proxy.connect;
