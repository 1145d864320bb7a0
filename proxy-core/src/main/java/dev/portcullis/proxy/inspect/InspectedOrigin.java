package dev.portcullis.proxy.inspect;

import dev.portcullis.proxy.http1.Authority;
import io.netty.channel.Channel;

/**
 * The verified origin connection of one inspected CONNECT: the channel (TLS handshake done, HTTP/1.1 codec
 * installed), the CONNECT target, and the name the origin's certificate was verified for (the client's SNI, or the
 * CONNECT host when it sent none). Requests inside the tunnel must name one of those two hosts.
 */
record InspectedOrigin(Channel channel, Authority target, String verifiedName) {
}
