package dev.portcullis.proxy.context;

import java.net.InetSocketAddress;

/** What is known when a client asks for a tunnel: who asked, on which listener, for which host and port. */
public record ConnectFacts(InetSocketAddress client, InetSocketAddress listener, String host, int port) {
}
