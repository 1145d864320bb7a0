package dev.portcullis.proxy.context;

import dev.portcullis.proxy.http1.Authority;
import dev.portcullis.proxy.http1.RequestTarget;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpRequest;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The one place where Netty objects become the plain facts that policy sees. */
public final class ContextBuilder {
    private ContextBuilder() {
    }

    public static ConnectFacts connect(Channel client, Authority target) {
        return new ConnectFacts((InetSocketAddress) client.remoteAddress(), (InetSocketAddress) client.localAddress(),
                target.host(), target.port());
    }

    public static HttpRequestFacts request(Channel client, RequestTarget target, HttpRequest request,
                                           String scheme) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        request.headers().forEach(e -> headers.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT),
                k -> new ArrayList<>(1)).add(e.getValue()));
        return new HttpRequestFacts((InetSocketAddress) client.remoteAddress(),
                (InetSocketAddress) client.localAddress(), request.method().name(), scheme, target.host(),
                target.port(), target.path(), target.query(), request.protocolVersion().text(), headers);
    }
}
