package dev.portcullis.proxy.context;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/** What is known about one HTTP request: the connection facts plus method, URL parts, version and headers. */
public record HttpRequestFacts(InetSocketAddress client, InetSocketAddress listener, String method, String scheme,
                               String host, int port, String path, String query, String version,
                               Map<String, List<String>> headers) {
}
