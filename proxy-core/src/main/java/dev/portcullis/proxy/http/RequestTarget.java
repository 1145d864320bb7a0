package dev.portcullis.proxy.http;

import dev.portcullis.proxy.errors.ErrorCode;
import dev.portcullis.proxy.errors.ProxyFailure;

/**
 * The destination of an absolute-form request ({@code http://host:port/path?query}, RFC 9112 §3.2.2), split into
 * the parts the proxy needs: the authority to dial and send as Host, and the origin-form to send upstream.
 */
public record RequestTarget(String host, int port, String authority, String path, String query) {

    /** origin-form for the upstream request line. */
    public String originForm() {
        return query == null ? path : path + "?" + query;
    }

    public String url() {
        return "http://" + authority + originForm();
    }

    public static RequestTarget parseAbsolute(String uri) throws ProxyFailure {
        int schemeEnd = uri.indexOf("://");
        if (schemeEnd <= 0) {
            throw new ProxyFailure(ErrorCode.INVALID_TARGET,
                    "this is a proxy: send the absolute URI (http://host/path) in the request line");
        }
        String scheme = uri.substring(0, schemeEnd);
        if (!scheme.equalsIgnoreCase("http")) {
            throw new ProxyFailure(ErrorCode.INVALID_TARGET, scheme.equalsIgnoreCase("https")
                    ? "https URIs must be tunnelled with CONNECT"
                    : "unsupported URI scheme '" + scheme + "'");
        }
        int authStart = schemeEnd + 3;
        int authEnd = authStart;
        while (authEnd < uri.length() && "/?#".indexOf(uri.charAt(authEnd)) < 0) {
            authEnd++;
        }
        String authority = uri.substring(authStart, authEnd);
        if (authority.indexOf('@') >= 0) {
            throw new ProxyFailure(ErrorCode.INVALID_TARGET, "userinfo in the request target is not allowed");
        }
        Authority parsed = Authority.parse(authority, 80);
        String rest = uri.substring(authEnd);
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            throw new ProxyFailure(ErrorCode.INVALID_TARGET, "a fragment is not allowed in the request target");
        }
        String path;
        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            path = rest.substring(0, q);
            query = rest.substring(q + 1);
        } else {
            path = rest;
        }
        if (path.isEmpty()) {
            path = "/";
        }
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new ProxyFailure(ErrorCode.INVALID_TARGET, "invalid character in the request target");
            }
        }
        return new RequestTarget(parsed.host(), parsed.port(), parsed.hostHeader(80), path, query);
    }
}
