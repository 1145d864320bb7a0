package dev.portcullis.e2e.ops;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A direct (proxy-less) client for a daemon's admin listener. */
final class Admin {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Admin() {
    }

    static HttpResponse<String> get(InetSocketAddress admin, String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(admin, path)).GET());
    }

    static HttpResponse<String> post(InetSocketAddress admin, String path, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(admin, path)).POST(HttpRequest.BodyPublishers.noBody());
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return send(b);
    }

    static HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return CLIENT.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static URI uri(InetSocketAddress a, String path) {
        return URI.create("http://127.0.0.1:" + a.getPort() + path);
    }
}
