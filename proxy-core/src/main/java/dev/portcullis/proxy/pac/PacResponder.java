package dev.portcullis.proxy.pac;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.NetUtil;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Answers {@code GET /proxy.pac} (the default organisation) and {@code GET /pac/{org}.pac}, on the admin listener
 * and as origin-form requests on the proxy listeners. The proxies in the file are the daemon's listeners; a
 * listener bound to a wildcard address is named by the host the client itself used to reach us (its Host header,
 * validated), else by the local address of the connection.
 */
public final class PacResponder {
    public static final String CONTENT_TYPE = "application/x-ns-proxy-autoconfig";
    public static final String DEFAULT_ORG = "default";
    private static final String PREFIX = "/pac/";
    private static final String SUFFIX = ".pac";

    private final Supplier<List<InetSocketAddress>> httpProxies;
    private final Supplier<List<InetSocketAddress>> httpsProxies;
    private final Function<String, PacSettings> settingsByOrg;
    private final boolean enabled;

    /**
     * @param httpProxies   plain HTTP proxy listeners ({@code PROXY} entries)
     * @param httpsProxies  TLS proxy listeners ({@code HTTPS} entries, listed first); empty until such a listener exists
     * @param settingsByOrg settings for an organisation, or null when it is unknown (404)
     */
    public PacResponder(Supplier<List<InetSocketAddress>> httpProxies, Supplier<List<InetSocketAddress>> httpsProxies,
                        Function<String, PacSettings> settingsByOrg) {
        this(httpProxies, httpsProxies, settingsByOrg, true);
    }

    private PacResponder(Supplier<List<InetSocketAddress>> httpProxies,
                         Supplier<List<InetSocketAddress>> httpsProxies,
                         Function<String, PacSettings> settingsByOrg, boolean enabled) {
        this.httpProxies = httpProxies;
        this.httpsProxies = httpsProxies;
        this.settingsByOrg = settingsByOrg;
        this.enabled = enabled;
    }

    /** A responder that claims no path, so PAC requests get the listener's usual answer. */
    public static PacResponder disabled() {
        return new PacResponder(List::of, List::of, org -> null, false);
    }

    /** Whether {@code uri} (origin-form, query allowed) is a PAC path this responder answers. */
    public boolean handles(String uri) {
        if (!enabled) {
            return false;
        }
        String path = path(uri);
        return path.equals("/proxy.pac") || (path.startsWith(PREFIX) && path.endsWith(SUFFIX));
    }

    /**
     * @param hostHeader the request's Host header, may be null
     * @param local      the local address of the connection the request came in on
     */
    public PacAnswer answer(String uri, String hostHeader, InetSocketAddress local) {
        String path = path(uri);
        String org;
        if (path.equals("/proxy.pac")) {
            org = DEFAULT_ORG;
        } else if (path.startsWith(PREFIX) && path.endsWith(SUFFIX) && path.length() > PREFIX.length() + SUFFIX.length()) {
            org = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
        } else {
            return PacAnswer.refused(404, "not_found", "no PAC file at " + path);
        }
        PacSettings settings = settingsByOrg.apply(org);
        if (settings == null) {
            return PacAnswer.refused(404, "not_found", "no PAC file for organisation '" + org + "'");
        }
        List<PacProxy> proxies = new ArrayList<>();
        try {
            add(proxies, PacProxy.Kind.HTTPS, httpsProxies.get(), hostHeader, local);
            add(proxies, PacProxy.Kind.PROXY, httpProxies.get(), hostHeader, local);
        } catch (IllegalArgumentException e) {
            return PacAnswer.refused(400, "bad_request", "cannot name the proxy in the PAC file: " + e.getMessage());
        }
        return PacAnswer.ok(PacScript.render(proxies, settings));
    }

    private static void add(List<PacProxy> out, PacProxy.Kind kind, List<InetSocketAddress> listeners,
                            String hostHeader, InetSocketAddress local) {
        for (InetSocketAddress listener : listeners) {
            String host;
            if (!listener.getAddress().isAnyLocalAddress()) {
                host = NetUtil.toAddressString(listener.getAddress());
            } else if (hostHeader != null) {
                host = PacHost.fromHostHeader(hostHeader);
            } else {
                host = NetUtil.toAddressString(local.getAddress());
            }
            out.add(new PacProxy(kind, stripScope(host), listener.getPort()));
        }
    }

    private static String stripScope(String host) {
        int percent = host.indexOf('%');
        return percent < 0 ? host : host.substring(0, percent);
    }

    /** The answer as a complete HTTP/1.1 response; {@code head} leaves the body out but keeps its length. */
    public static FullHttpResponse toResponse(ByteBufAllocator alloc, PacAnswer answer, boolean head, boolean close) {
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        ByteBuf body = head ? Unpooled.EMPTY_BUFFER : alloc.buffer(bytes.length).writeBytes(bytes);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(answer.status()), body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, answer.contentType())
                .set(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
                // The file names the host the client used, so shared caches must not hand it to others.
                .set(HttpHeaderNames.CACHE_CONTROL, answer.status() == 200 ? "private, max-age=300" : "no-store")
                .set(HttpHeaderNames.VARY, HttpHeaderNames.HOST);
        if (answer.errorCode() != null) {
            response.headers().set("X-Portcullis-Error", answer.errorCode());
        }
        if (close) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }

    private static String path(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }
}
