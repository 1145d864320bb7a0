package dev.portcullis.proxy.http1;

import io.netty.handler.codec.http.HttpMethod;

import java.util.ArrayDeque;

/**
 * The methods of the requests decoded on one connection, oldest first, so the response encoder knows which
 * responses carry no body (HEAD, 2xx to CONNECT), the way {@code HttpServerCodec} pairs its halves.
 */
final class MethodQueue {
    private final ArrayDeque<HttpMethod> queue = new ArrayDeque<>(4);

    void add(HttpMethod method) {
        queue.add(method);
    }

    HttpMethod poll() {
        return queue.poll();
    }
}
