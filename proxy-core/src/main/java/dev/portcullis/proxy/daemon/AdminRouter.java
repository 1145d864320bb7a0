package dev.portcullis.proxy.daemon;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Admin routes: method + path pattern → handler, each open or guarded by the bearer token. Patterns are literal
 * segments and {@code {name}} parameters, optionally with a literal suffix ({@code /pac/{org}.pac}). Unknown paths
 * get 404, known paths with another method 405 with {@code Allow}, guarded routes 401 without the right token.
 * Adding an endpoint is one line: {@code router.put("/v1/orgs/{org}/policy", handler)}.
 */
final class AdminRouter {
    static final String REALM = "Bearer realm=\"portcullis-admin\"";

    enum Access { OPEN, TOKEN }

    private record Route(String method, String pattern, String[] segments, Access access, AdminHandler handler) {
    }

    private final Optional<AdminToken> token;
    private final List<Route> routes = new ArrayList<>();

    AdminRouter(Optional<AdminToken> token) {
        this.token = token;
    }

    /** An open read-only route. */
    AdminRouter get(String pattern, AdminHandler handler) {
        return route("GET", pattern, Access.OPEN, handler);
    }

    /** A token-guarded mutating route. */
    AdminRouter post(String pattern, AdminHandler handler) {
        return route("POST", pattern, Access.TOKEN, handler);
    }

    /** A token-guarded mutating route. */
    AdminRouter put(String pattern, AdminHandler handler) {
        return route("PUT", pattern, Access.TOKEN, handler);
    }

    synchronized AdminRouter route(String method, String pattern, Access access, AdminHandler handler) {
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("admin route pattern must start with '/': " + pattern);
        }
        for (Route r : routes) {
            if (r.method.equals(method) && r.pattern.equals(pattern)) {
                throw new IllegalArgumentException("admin route " + method + " " + pattern + " is already defined");
            }
        }
        routes.add(new Route(method, pattern, pattern.substring(1).split("/", -1), access, handler));
        return this;
    }

    CompletionStage<AdminResponse> dispatch(String method, String uri, HttpHeaders headers, byte[] body,
                                            InetSocketAddress local) {
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        String query = q < 0 ? "" : uri.substring(q + 1);
        String[] segments = path.startsWith("/") ? path.substring(1).split("/", -1) : null;
        TreeSet<String> allowed = new TreeSet<>();
        List<Route> snapshot;
        synchronized (this) {
            snapshot = List.copyOf(routes);
        }
        for (Route r : snapshot) {
            Map<String, String> params = segments == null ? null : match(r.segments, segments);
            if (params == null) {
                continue;
            }
            if (!r.method.equals(method)) {
                allowed.add(r.method);
                continue;
            }
            AdminResponse refusal = authorize(r, headers);
            if (refusal != null) {
                return CompletableFuture.completedFuture(refusal);
            }
            return r.handler.handle(new AdminRequest(method, path, query, Map.copyOf(params), headers, body, local));
        }
        if (!allowed.isEmpty()) {
            return CompletableFuture.completedFuture(AdminResponse.error(405, "method_not_allowed",
                    method + " is not allowed on " + path + "; use " + String.join(", ", allowed))
                    .withHeader("Allow", String.join(", ", allowed)));
        }
        return CompletableFuture.completedFuture(AdminResponse.error(404, "not_found", "no admin endpoint at " + path));
    }

    private AdminResponse authorize(Route route, HttpHeaders headers) {
        if (route.access == Access.OPEN) {
            return null;
        }
        if (token.isEmpty()) {
            return AdminResponse.error(403, "admin_token_not_configured",
                    "mutating admin calls are disabled: start the daemon with --admin-token-file or admin.token_file");
        }
        String auth = headers.get(HttpHeaderNames.AUTHORIZATION);
        if (auth == null || auth.length() < 7 || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return AdminResponse.error(401, "unauthorized", "this call needs Authorization: Bearer <admin token>")
                    .withHeader("WWW-Authenticate", REALM);
        }
        if (!token.get().matches(auth.substring(7).strip())) {
            return AdminResponse.error(401, "invalid_token", "the admin token does not match")
                    .withHeader("WWW-Authenticate", REALM + ", error=\"invalid_token\"");
        }
        return null;
    }

    /** Path parameters when {@code actual} fits {@code pattern}, else null. */
    static Map<String, String> match(String[] pattern, String[] actual) {
        if (pattern.length != actual.length) {
            return null;
        }
        Map<String, String> params = new HashMap<>(2);
        for (int i = 0; i < pattern.length; i++) {
            String p = pattern[i];
            String a = actual[i];
            if (p.startsWith("{")) {
                int close = p.indexOf('}');
                String name = p.substring(1, close);
                String suffix = p.substring(close + 1);
                if (a.length() <= suffix.length() || !a.endsWith(suffix)) {
                    return null;
                }
                params.put(name, a.substring(0, a.length() - suffix.length()));
            } else if (!p.equals(a)) {
                return null;
            }
        }
        return params;
    }
}
