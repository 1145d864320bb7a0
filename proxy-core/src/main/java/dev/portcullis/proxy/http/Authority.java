package dev.portcullis.proxy.http;

import dev.portcullis.proxy.errors.ErrorCode;
import dev.portcullis.proxy.errors.ProxyFailure;

import java.util.Locale;

/**
 * host[:port] as written in a URI authority or a CONNECT request target. The host keeps its brackets off (IPv6 is
 * stored bare) and is lower-cased; it is not yet validated as a name or address — that is the guard's job.
 */
public record Authority(String host, int port, boolean ipv6) {

    public static Authority parse(String authority, int defaultPort) throws ProxyFailure {
        if (authority.isEmpty()) {
            throw new ProxyFailure(ErrorCode.INVALID_TARGET, "missing host in the request target");
        }
        String host;
        String portText = null;
        boolean ipv6 = false;
        if (authority.charAt(0) == '[') {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw new ProxyFailure(ErrorCode.INVALID_TARGET, "unterminated IPv6 literal in '" + authority + "'");
            }
            host = authority.substring(1, close);
            ipv6 = true;
            String after = authority.substring(close + 1);
            if (!after.isEmpty()) {
                if (after.charAt(0) != ':') {
                    throw new ProxyFailure(ErrorCode.INVALID_TARGET, "invalid authority '" + authority + "'");
                }
                portText = after.substring(1);
            }
        } else {
            int colon = authority.lastIndexOf(':');
            if (colon >= 0) {
                if (authority.indexOf(':') != colon) {
                    throw new ProxyFailure(ErrorCode.INVALID_TARGET,
                            "IPv6 literals must be bracketed in '" + authority + "'");
                }
                host = authority.substring(0, colon);
                portText = authority.substring(colon + 1);
            } else {
                host = authority;
            }
        }
        if (host.isEmpty()) {
            throw new ProxyFailure(ErrorCode.INVALID_TARGET, "missing host in '" + authority + "'");
        }
        int port = defaultPort;
        if (portText != null) {
            port = parsePort(portText, authority);
        }
        return new Authority(host.toLowerCase(Locale.ROOT), port, ipv6);
    }

    private static int parsePort(String text, String authority) throws ProxyFailure {
        if (text.isEmpty() || text.length() > 5) {
            throw new ProxyFailure(ErrorCode.INVALID_TARGET, "invalid port in '" + authority + "'");
        }
        int port = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new ProxyFailure(ErrorCode.INVALID_TARGET, "invalid port in '" + authority + "'");
            }
            port = port * 10 + (c - '0');
        }
        if (port < 1 || port > 65535) {
            throw new ProxyFailure(ErrorCode.INVALID_TARGET, "port out of range in '" + authority + "'");
        }
        return port;
    }

    /** The value for a Host header: the port is omitted when it is the scheme's default. */
    public String hostHeader(int defaultPort) {
        String h = ipv6 ? "[" + host + "]" : host;
        return port == defaultPort ? h : h + ":" + port;
    }

    @Override
    public String toString() {
        return (ipv6 ? "[" + host + "]" : host) + ":" + port;
    }
}
