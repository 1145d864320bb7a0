/**
 * A load tool for the per-tunnel open cost of CONNECT: HTTP/2 CONNECT streams multiplexed on one TLS connection to
 * the proxy's {@code --tls-listen}, against HTTP/1.1 CONNECT over a new TCP connection and over a new TLS
 * connection per tunnel, in the same run, to the same loopback echo origin. Start at {@link
 * dev.portcullis.benchmarks.connect.ConnectOpenCost} (the command line and the report); each way of opening a
 * tunnel is a {@link dev.portcullis.benchmarks.connect.TunnelOpener}.
 */
package dev.portcullis.benchmarks.connect;
