package dev.portcullis.proxy.inspect;

import dev.portcullis.proxy.http.Authority;
import io.netty.channel.Channel;

/**
 * The verified origin connection of one inspected CONNECT: the channel (TLS handshake done, HTTP/1.1 codec
 * installed), the CONNECT target, and the name the origin's certificate was verified for (the client's SNI, or the
 * CONNECT host when it sent none). Requests inside the tunnel must name one of those two hosts. {@code untrusted}
 * when the certificate failed verification and a pass-through rule forwards anyway. For an HTTP/2 origin the
 * channel is only the first of the pooled connections its requests may use.
 */
record InspectedOrigin(Channel channel, Authority target, String verifiedName, boolean untrusted) {
}
