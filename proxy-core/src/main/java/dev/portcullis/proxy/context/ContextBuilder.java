package dev.portcullis.proxy.context;

import dev.portcullis.policy.gateway.ConnectionFacts;
import dev.portcullis.policy.gateway.RequestFacts;
import dev.portcullis.proxy.auth.ChannelIdentity;
import dev.portcullis.proxy.tenancy.ChannelOrg;
import dev.portcullis.proxy.tenancy.OrgBinding;
import dev.portcullis.proxy.http.Authority;
import dev.portcullis.proxy.http.RequestTarget;
import dev.portcullis.proxy.upstream.HostLiteral;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpRequest;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one place where Netty objects become the plain facts the policy engine sees. Facts about the destination IP
 * are filled in only when it is known: for IP literals at once, for names when the resolved address is dialled.
 */
public final class ContextBuilder {
    private ContextBuilder() {
    }

    public static ConnectionFacts connection(Channel client, String host, int port, InetAddress dialled,
                                             String sniHost) {
        InetSocketAddress remote = (InetSocketAddress) client.remoteAddress();
        InetSocketAddress local = (InetSocketAddress) client.localAddress();
        InetAddress dst = dialled != null ? dialled : literal(host);
        return new ConnectionFacts(remote.getAddress(), remote.getPort(), host, dst, port, sniHost, "tcp",
                endpointName(client, local), ChannelIdentity.of(client));
    }

    public static ConnectionFacts connection(Channel client, Authority target, InetAddress dialled) {
        return connection(client, target.host(), target.port(), dialled, null);
    }

    public static RequestFacts request(Channel client, RequestTarget target, HttpRequest request, String scheme,
                                       InetAddress dialled) {
        Map<String, List<String>> headers = new HashMap<>(request.headers().size() * 2);
        request.headers().forEach(e -> {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            // Credentials are proven by the auth handler and shown to policy as identity, never as text.
            if (!name.equals("proxy-authorization")) {
                headers.computeIfAbsent(name, k -> new ArrayList<>(1)).add(e.getValue());
            }
        });
        String version = request.protocolVersion().majorVersion() == 1 && request.protocolVersion().minorVersion() == 0
                ? "HTTP/1.0" : "HTTP/1.1";
        return new RequestFacts(connection(client, target.host(), target.port(), dialled, null),
                request.method().name(), scheme, target.host(), target.port(), target.path(), target.query(),
                version, headers, null);
    }

    private static InetAddress literal(String host) {
        HostLiteral h = HostLiteral.parse(host);
        return h.isAddress() ? h.address() : null;
    }

    /**
     * {@code proxy.endpoint}: the organisation endpoint the connection was attributed to ({@code orgs[].endpoints}),
     * or without organisations the listener it arrived on, as ops name it in config.
     */
    private static String endpointName(Channel client, InetSocketAddress local) {
        OrgBinding b = ChannelOrg.of(client);
        if (b != null && b.endpoint() != null) {
            return b.endpoint();
        }
        return local == null ? "unknown" : local.getAddress().getHostAddress() + ":" + local.getPort();
    }
}
