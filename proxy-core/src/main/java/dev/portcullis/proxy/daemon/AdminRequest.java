package dev.portcullis.proxy.daemon;

import io.netty.handler.codec.http.HttpHeaders;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * One admin call, copied out of Netty's buffers so handlers may finish it on any thread.
 *
 * @param params path parameters, e.g. {@code org} for {@code /v1/orgs/{org}/policy}
 */
record AdminRequest(String method, String path, String query, Map<String, String> params, HttpHeaders headers,
                    byte[] body, InetSocketAddress local) {

    String param(String name) {
        return params.get(name);
    }
}
