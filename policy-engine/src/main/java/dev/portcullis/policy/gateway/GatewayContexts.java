package dev.portcullis.policy.gateway;

import dev.portcullis.policy.ExecutionContext;
import java.util.Locale;

/**
 * Facts to {@link ExecutionContext}: the one place that decides what each Gateway field holds, including the
 * derived ones ({@code http.request.domains}, {@code net.sni.domains}, categories, app ids).
 */
public final class GatewayContexts {
    private GatewayContexts() {
    }

    /**
     * For NETWORK and TLS_INSPECTION rules (and pre-decryption HTTP rules): no URL, method or headers. A fresh
     * context with every field; {@link PolicyContexts} is the hot-path form.
     */
    public static ExecutionContext network(ConnectionFacts f, Intelligence intel) {
        ExecutionContext ctx = GatewayScheme.scheme().newContext();
        ContextFill.all(intel).network(ctx, f);
        return ctx;
    }

    /** For HTTP rules: everything, with host-derived fields taken from the request's host. A fresh context. */
    public static ExecutionContext request(RequestFacts r, Intelligence intel) {
        ExecutionContext ctx = GatewayScheme.scheme().newContext();
        ContextFill.all(intel).request(ctx, r);
        return ctx;
    }

    /**
     * The host and all its parent domains, most specific first: {@code a.b.example.com} gives
     * {@code [a.b.example.com, b.example.com, example.com, com]}. An IP literal gives just itself.
     */
    public static String[] domains(String host) {
        return domainsOfNormalized(normalizeHost(host));
    }

    /** {@link #domains} of a host already through {@link #normalizeHost}. */
    static String[] domainsOfNormalized(String h) {
        if (h.isEmpty()) {
            return new String[0];
        }
        if (isIpLiteral(h)) {
            return new String[] {h};
        }
        int labels = 1;
        for (int i = 0; i < h.length(); i++) {
            if (h.charAt(i) == '.') {
                labels++;
            }
        }
        String[] out = new String[labels];
        out[0] = h;
        int k = 1;
        for (int i = 0; i < h.length() - 1 && k < labels; i++) {
            if (h.charAt(i) == '.') {
                out[k++] = h.substring(i + 1);
            }
        }
        return k == labels ? out : java.util.Arrays.copyOf(out, k);
    }

    /** Lower-case, without a trailing dot or IPv6 brackets. */
    static String normalizeHost(String host) {
        if (host == null) {
            return "";
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h;
    }

    private static boolean isIpLiteral(String h) {
        if (h.indexOf(':') >= 0) {
            return true;
        }
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (!(c >= '0' && c <= '9' || c == '.')) {
                return false;
            }
        }
        return true;
    }
}
