package dev.portcullis.proxy.inspect;

import dev.portcullis.proxy.errors.ErrorCode;
import dev.portcullis.proxy.errors.ProxyFailure;
import dev.portcullis.proxy.exchange.ClosingRefusal;
import dev.portcullis.proxy.http.Authority;
import dev.portcullis.proxy.http.RequestTarget;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * The target of a request decrypted inside an inspected tunnel. Requests there are origin-form with a Host field
 * (or, rarely, absolute-form https URIs); either way the host must be the one the tunnel was opened and verified
 * for, since the request can only go to that one origin connection. Any other host is 421 Misdirected Request
 * (RFC 9110 section 15.5.20), which tells the client to retry on a connection of its own for that host.
 */
final class InnerTarget {
    static final String MISDIRECTED = "misdirected_request";

    private InnerTarget() {
    }

    static RequestTarget parse(HttpRequest request, InspectedOrigin origin) throws ProxyFailure, ClosingRefusal {
        String uri = request.uri();
        String authorityText;
        String rest;
        if (uri.startsWith("/")) {
            authorityText = request.headers().get(HttpHeaderNames.HOST);
            if (authorityText == null || authorityText.isBlank()) {
                throw new ProxyFailure(ErrorCode.BAD_REQUEST, "the request has no Host field");
            }
            rest = uri;
        } else if (uri.regionMatches(true, 0, "https://", 0, 8)) {
            int end = 8;
            while (end < uri.length() && "/?#".indexOf(uri.charAt(end)) < 0) {
                end++;
            }
            authorityText = uri.substring(8, end);
            rest = end == uri.length() ? "/" : uri.substring(end);
        } else {
            throw new ProxyFailure(ErrorCode.INVALID_TARGET,
                    "inside an inspected tunnel the request target must be a path (origin-form) or an https URI");
        }
        if (authorityText.indexOf('@') >= 0) {
            throw new ProxyFailure(ErrorCode.INVALID_TARGET, "userinfo in the request target is not allowed");
        }
        Authority authority = Authority.parse(authorityText.strip(), 443);
        Authority tunnel = origin.target();
        boolean sameHost = authority.host().equalsIgnoreCase(tunnel.host())
                || authority.host().equalsIgnoreCase(origin.verifiedName());
        if (!sameHost || authority.port() != tunnel.port()) {
            throw misdirected(authority.host() + ":" + authority.port(), tunnel.toString());
        }
        if (rest.indexOf('#') >= 0) {
            throw new ProxyFailure(ErrorCode.INVALID_TARGET, "a fragment is not allowed in the request target");
        }
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new ProxyFailure(ErrorCode.INVALID_TARGET, "invalid character in the request target");
            }
        }
        int q = rest.indexOf('?');
        String path = q >= 0 ? rest.substring(0, q) : rest;
        String query = q >= 0 ? rest.substring(q + 1) : null;
        return new RequestTarget(authority.host(), authority.port(), authority.hostHeader(443),
                path.isEmpty() ? "/" : path, query);
    }

    /** {@link RequestTarget#url()} says http; inside the tunnel it is https. */
    static String url(RequestTarget target) {
        return "https://" + target.authority() + target.originForm();
    }

    /** A request for a host other than the tunnel's; the client connection closes after the answer. */
    private static ClosingRefusal misdirected(String asked, String tunnel) {
        return new ClosingRefusal(HttpResponseStatus.MISDIRECTED_REQUEST, MISDIRECTED,
                "this connection is for " + tunnel + ", not " + asked + "; open a connection for " + asked);
    }
}
