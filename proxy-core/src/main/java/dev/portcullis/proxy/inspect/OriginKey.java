package dev.portcullis.proxy.inspect;

import java.net.InetAddress;

/**
 * What makes two HTTP/2 origin connections interchangeable: the CONNECT host and port, the name sent as SNI and
 * verified, the exact address the guard let us dial, and whether the certificate verified at all (a pass-through
 * connection to an unverified origin is never lent to a tunnel that expects a verified one).
 */
record OriginKey(String host, int port, String serverName, InetAddress address, boolean verified) {
}
