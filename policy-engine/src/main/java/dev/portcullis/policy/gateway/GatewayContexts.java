package dev.portcullis.policy.gateway;

import static dev.portcullis.policy.gateway.GatewayScheme.*;

import dev.portcullis.policy.ExecutionContext;
import dev.portcullis.policy.gateway.Identity.Group;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Facts to {@link ExecutionContext}: the one place that decides what each Gateway field holds, including the
 * derived ones ({@code http.request.domains}, {@code net.sni.domains}, categories, app ids).
 */
public final class GatewayContexts {
    private GatewayContexts() {
    }

    /** For NETWORK and TLS_INSPECTION rules (and pre-decryption HTTP rules): no URL, method or headers. */
    public static ExecutionContext network(ConnectionFacts f, Intelligence intel) {
        ExecutionContext ctx = GatewayScheme.scheme().newContext();
        fillConnection(ctx, f, intel == null ? Intelligence.NONE : intel, normalizeHost(f.dstHost()));
        return ctx;
    }

    /** For HTTP rules: everything, with host-derived fields taken from the request's host. */
    public static ExecutionContext request(RequestFacts r, Intelligence intel) {
        ExecutionContext ctx = GatewayScheme.scheme().newContext();
        String host = normalizeHost(r.host());
        fillConnection(ctx, r.connection(), intel == null ? Intelligence.NONE : intel, host);
        String pathAndQuery = r.query() == null ? r.path() : r.path() + "?" + r.query();
        ctx.setBytes(HTTP_URI, host + pathAndQuery);
        ctx.setBytes(HTTP_PATH, r.path());
        ctx.setBytes(HTTP_QUERY, r.query() == null ? "" : r.query());
        ctx.setBytes(HTTP_PATH_AND_QUERY, pathAndQuery);
        ctx.setBytes(HTTP_METHOD, r.method());
        ctx.setBytes(HTTP_VERSION, r.version());
        ctx.setBytesMap(HTTP_HEADERS, r.headers());
        ctx.setBytes(UPLOAD_MIME, r.uploadMime());
        return ctx;
    }

    /**
     * The host and all its parent domains, most specific first: {@code a.b.example.com} gives
     * {@code [a.b.example.com, b.example.com, example.com, com]}. An IP literal gives just itself.
     */
    public static String[] domains(String host) {
        String h = normalizeHost(host);
        if (h.isEmpty()) {
            return new String[0];
        }
        if (isIpLiteral(h)) {
            return new String[] {h};
        }
        List<String> out = new ArrayList<>(5);
        int from = 0;
        while (from < h.length()) {
            out.add(h.substring(from));
            int dot = h.indexOf('.', from);
            if (dot < 0) {
                break;
            }
            from = dot + 1;
        }
        return out.toArray(new String[0]);
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

    private static void fillConnection(ExecutionContext ctx, ConnectionFacts f, Intelligence intel, String host) {
        ctx.setIp(NET_SRC_IP, f.srcIp());
        ctx.setInt(NET_SRC_PORT, f.srcPort());
        ctx.setIp(NET_DST_IP, f.dstIp());
        ctx.setInt(NET_DST_PORT, f.dstPort());
        if (f.sniHost() != null) {
            String sni = normalizeHost(f.sniHost());
            ctx.setBytes(NET_SNI_HOST, sni);
            ctx.setBytesArrayNoCopy(NET_SNI_DOMAINS, domains(sni));
        }
        ctx.setBytes(NET_PROTOCOL, f.protocol());
        ctx.setBytes(PROXY_ENDPOINT, f.endpoint());

        Identity id = f.identity();
        ctx.setBytes(IDENTITY_EMAIL, id.email());
        ctx.setBytes(IDENTITY_NAME, id.name());
        ctx.setBytesArrayNoCopy(IDENTITY_GROUPS_NAME, groupPart(id.groups(), Group::name));
        ctx.setBytesArrayNoCopy(IDENTITY_GROUPS_ID, groupPart(id.groups(), Group::id));
        ctx.setBytesArrayNoCopy(IDENTITY_GROUPS_EMAIL, groupPart(id.groups(), Group::email));
        ctx.setBytesArrayNoCopy(POSTURE_PASSED, id.postureChecksPassed().toArray(new String[0]));
        ctx.setBytesArrayNoCopy(POSTURE_FAILED, id.postureChecksFailed().toArray(new String[0]));

        ctx.setIp(HTTP_CONN_SRC_IP, f.srcIp());
        ctx.setIp(HTTP_CONN_DST_IP, f.dstIp());
        ctx.setInt(HTTP_CONN_DST_PORT, f.dstPort());
        ctx.setBytes(HTTP_HOST, host);
        ctx.setBytesArrayNoCopy(HTTP_DOMAINS, domains(host));
        ctx.setIntArray(CONTENT_CATEGORY, orEmpty(intel.contentCategories(host)));
        ctx.setIntArray(SECURITY_CATEGORY, orEmpty(intel.securityCategories(host)));
        String[] apps = intel.appIds(host);
        ctx.setBytesArrayNoCopy(APP_IDS, apps == null ? new String[0] : apps.clone());
    }

    private static String[] groupPart(List<Group> groups, Function<Group, String> part) {
        List<String> out = new ArrayList<>(groups.size());
        for (Group g : groups) {
            String v = part.apply(g);
            if (v != null) {
                out.add(v);
            }
        }
        return out.toArray(new String[0]);
    }

    private static long[] orEmpty(long[] v) {
        return v == null ? new long[0] : v;
    }
}
