package dev.portcullis.policy.gateway;

import static dev.portcullis.policy.gateway.GatewayScheme.*;

import dev.portcullis.policy.ExecutionContext;
import dev.portcullis.policy.Field;
import dev.portcullis.policy.gateway.Identity.Group;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Writes facts into a context, skipping the fields nobody will read. A policy whose rules never look at headers,
 * app ids or the SNI does not pay for copying the headers map, looking up apps or splitting the SNI into domains;
 * what a rule can read is always filled exactly as {@link GatewayContexts} fills it for everyone.
 */
final class ContextFill {
    private static final String[] NO_STRINGS = new String[0];
    private static final long[] NO_LONGS = new long[0];

    private final Intelligence intel;
    /** Indexed by {@link Field#index()} of the gateway scheme. */
    private final boolean[] want;

    private ContextFill(Intelligence intel, boolean[] want) {
        this.intel = intel == null ? Intelligence.NONE : intel;
        this.want = want;
    }

    static ContextFill all(Intelligence intel) {
        boolean[] want = new boolean[GatewayScheme.scheme().size()];
        java.util.Arrays.fill(want, true);
        return new ContextFill(intel, want);
    }

    static ContextFill of(Collection<Field> fields, Intelligence intel) {
        boolean[] want = new boolean[GatewayScheme.scheme().size()];
        for (Field f : fields) {
            if (f == null || GatewayScheme.scheme().fieldAt(f.index()) != f) {
                throw new IllegalArgumentException("field " + f + " is not a field of the gateway scheme");
            }
            want[f.index()] = true;
        }
        return new ContextFill(intel, want);
    }

    boolean fills(Field f) {
        return GatewayScheme.scheme().fieldAt(f.index()) == f && want[f.index()];
    }

    void network(ExecutionContext ctx, ConnectionFacts f) {
        connection(ctx, f, GatewayContexts.normalizeHost(f.dstHost()));
    }

    void request(ExecutionContext ctx, RequestFacts r) {
        String host = GatewayContexts.normalizeHost(r.host());
        connection(ctx, r.connection(), host);
        String path = r.path();
        String query = r.query();
        boolean uri = want[HTTP_URI.index()];
        if (uri || want[HTTP_PATH_AND_QUERY.index()]) {
            String pathAndQuery = query == null ? path : path + "?" + query;
            if (uri) {
                ctx.setBytes(HTTP_URI, host + pathAndQuery);
            }
            if (want[HTTP_PATH_AND_QUERY.index()]) {
                ctx.setBytes(HTTP_PATH_AND_QUERY, pathAndQuery);
            }
        }
        if (want[HTTP_PATH.index()]) {
            ctx.setBytes(HTTP_PATH, path);
        }
        if (want[HTTP_QUERY.index()]) {
            ctx.setBytes(HTTP_QUERY, query == null ? "" : query);
        }
        if (want[HTTP_METHOD.index()]) {
            ctx.setBytes(HTTP_METHOD, r.method());
        }
        if (want[HTTP_VERSION.index()]) {
            ctx.setBytes(HTTP_VERSION, r.version());
        }
        if (want[HTTP_HEADERS.index()]) {
            ctx.setBytesMap(HTTP_HEADERS, r.headers());
        }
        if (want[UPLOAD_MIME.index()]) {
            ctx.setBytes(UPLOAD_MIME, r.uploadMime());
        }
    }

    private void connection(ExecutionContext ctx, ConnectionFacts f, String host) {
        if (want[NET_SRC_IP.index()]) {
            ctx.setIp(NET_SRC_IP, f.srcIp());
        }
        if (want[NET_SRC_PORT.index()]) {
            ctx.setInt(NET_SRC_PORT, f.srcPort());
        }
        if (want[NET_DST_IP.index()]) {
            ctx.setIp(NET_DST_IP, f.dstIp());
        }
        if (want[NET_DST_PORT.index()]) {
            ctx.setInt(NET_DST_PORT, f.dstPort());
        }
        // Usually the SNI is the requested host: derive the domains once and share the (never modified) array.
        String[] hostDomains = want[HTTP_DOMAINS.index()] ? GatewayContexts.domainsOfNormalized(host) : null;
        if (f.sniHost() != null && (want[NET_SNI_HOST.index()] || want[NET_SNI_DOMAINS.index()])) {
            String sni = GatewayContexts.normalizeHost(f.sniHost());
            if (want[NET_SNI_HOST.index()]) {
                ctx.setBytes(NET_SNI_HOST, sni);
            }
            if (want[NET_SNI_DOMAINS.index()]) {
                ctx.setBytesArrayNoCopy(NET_SNI_DOMAINS,
                        hostDomains != null && sni.equals(host) ? hostDomains : GatewayContexts.domainsOfNormalized(sni));
            }
        }
        if (want[NET_PROTOCOL.index()]) {
            ctx.setBytes(NET_PROTOCOL, f.protocol());
        }
        if (want[PROXY_ENDPOINT.index()]) {
            ctx.setBytes(PROXY_ENDPOINT, f.endpoint());
        }
        identity(ctx, f.identity());
        if (want[HTTP_CONN_SRC_IP.index()]) {
            ctx.setIp(HTTP_CONN_SRC_IP, f.srcIp());
        }
        if (want[HTTP_CONN_DST_IP.index()]) {
            ctx.setIp(HTTP_CONN_DST_IP, f.dstIp());
        }
        if (want[HTTP_CONN_DST_PORT.index()]) {
            ctx.setInt(HTTP_CONN_DST_PORT, f.dstPort());
        }
        if (want[HTTP_HOST.index()]) {
            ctx.setBytes(HTTP_HOST, host);
        }
        if (want[HTTP_DOMAINS.index()]) {
            ctx.setBytesArrayNoCopy(HTTP_DOMAINS, hostDomains);
        }
        if (want[CONTENT_CATEGORY.index()]) {
            ctx.setIntArrayNoCopy(CONTENT_CATEGORY, orEmpty(intel.contentCategories(host)));
        }
        if (want[SECURITY_CATEGORY.index()]) {
            ctx.setIntArrayNoCopy(SECURITY_CATEGORY, orEmpty(intel.securityCategories(host)));
        }
        if (want[APP_IDS.index()]) {
            String[] apps = intel.appIds(host);
            ctx.setBytesArrayNoCopy(APP_IDS, apps == null ? NO_STRINGS : apps.clone());
        }
    }

    private void identity(ExecutionContext ctx, Identity id) {
        if (want[IDENTITY_EMAIL.index()]) {
            ctx.setBytes(IDENTITY_EMAIL, id.email());
        }
        if (want[IDENTITY_NAME.index()]) {
            ctx.setBytes(IDENTITY_NAME, id.name());
        }
        if (want[IDENTITY_GROUPS_NAME.index()]) {
            ctx.setBytesArrayNoCopy(IDENTITY_GROUPS_NAME, groupPart(id.groups(), 0));
        }
        if (want[IDENTITY_GROUPS_ID.index()]) {
            ctx.setBytesArrayNoCopy(IDENTITY_GROUPS_ID, groupPart(id.groups(), 1));
        }
        if (want[IDENTITY_GROUPS_EMAIL.index()]) {
            ctx.setBytesArrayNoCopy(IDENTITY_GROUPS_EMAIL, groupPart(id.groups(), 2));
        }
        if (want[POSTURE_PASSED.index()]) {
            ctx.setBytesArrayNoCopy(POSTURE_PASSED, toArray(id.postureChecksPassed()));
        }
        if (want[POSTURE_FAILED.index()]) {
            ctx.setBytesArrayNoCopy(POSTURE_FAILED, toArray(id.postureChecksFailed()));
        }
    }

    /** {@code part}: 0 name, 1 id, 2 email; groups lacking that part are left out. */
    private static String[] groupPart(List<Group> groups, int part) {
        int n = groups.size();
        if (n == 0) {
            return NO_STRINGS;
        }
        String[] out = new String[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            Group g = groups.get(i);
            String v = part == 0 ? g.name() : part == 1 ? g.id() : g.email();
            if (v != null) {
                out[k++] = v;
            }
        }
        return k == n ? out : java.util.Arrays.copyOf(out, k);
    }

    private static String[] toArray(Set<String> s) {
        return s.isEmpty() ? NO_STRINGS : s.toArray(NO_STRINGS);
    }

    private static long[] orEmpty(long[] v) {
        return v == null ? NO_LONGS : v;
    }
}
