package dev.portcullis.policy.gateway;

import static dev.portcullis.policy.rules.Phase.HTTP;
import static dev.portcullis.policy.rules.Phase.NETWORK;
import static dev.portcullis.policy.rules.Phase.TLS_INSPECTION;

import dev.portcullis.policy.Field;
import dev.portcullis.policy.FieldType;
import dev.portcullis.policy.Scheme;
import dev.portcullis.policy.rules.Phase;
import java.util.EnumSet;
import java.util.Set;

/**
 * Cloudflare Gateway's field catalogue. NETWORK rules see connection, identity and posture facts; TLS_INSPECTION
 * rules additionally what a CONNECT reveals (host, domains, categories, app ids); HTTP rules see everything.
 */
public final class GatewayScheme {
    private static final Set<Phase> ALL = EnumSet.of(NETWORK, TLS_INSPECTION, HTTP);
    private static final Set<Phase> CONNECT = EnumSet.of(TLS_INSPECTION, HTTP);
    private static final Set<Phase> REQUEST = EnumSet.of(HTTP);
    private static final Scheme SCHEME = Scheme.builder()
            .add("net.src.ip", FieldType.IP, ALL)
            .add("net.src.port", FieldType.INT, ALL)
            .add("net.dst.ip", FieldType.IP, ALL)
            .add("net.dst.port", FieldType.INT, ALL)
            .add("net.sni.host", FieldType.BYTES, ALL)
            .add("net.sni.domains", FieldType.BYTES_ARRAY, ALL)
            .add("net.protocol", FieldType.BYTES, ALL)
            .add("proxy.endpoint", FieldType.BYTES, ALL)
            .add("identity.email", FieldType.BYTES, ALL)
            .add("identity.name", FieldType.BYTES, ALL)
            .add("identity.groups.name", FieldType.BYTES_ARRAY, ALL)
            .add("identity.groups.id", FieldType.BYTES_ARRAY, ALL)
            .add("identity.groups.email", FieldType.BYTES_ARRAY, ALL)
            .add("device_posture.checks.passed", FieldType.BYTES_ARRAY, ALL)
            .add("device_posture.checks.failed", FieldType.BYTES_ARRAY, ALL)
            .add("http.conn.src_ip", FieldType.IP, CONNECT)
            .add("http.conn.dst_ip", FieldType.IP, CONNECT)
            .add("http.conn.dst_port", FieldType.INT, CONNECT)
            .add("http.request.host", FieldType.BYTES, CONNECT)
            .add("http.request.domains", FieldType.BYTES_ARRAY, CONNECT)
            .add("http.request.uri.content_category", FieldType.INT_ARRAY, CONNECT)
            .add("http.request.uri.security_category", FieldType.INT_ARRAY, CONNECT)
            .add("app.ids", FieldType.BYTES_ARRAY, CONNECT)
            .add("http.request.uri", FieldType.BYTES, REQUEST)
            .add("http.request.uri.path", FieldType.BYTES, REQUEST)
            .add("http.request.uri.query", FieldType.BYTES, REQUEST)
            .add("http.request.uri.path_and_query", FieldType.BYTES, REQUEST)
            .add("http.request.method", FieldType.BYTES, REQUEST)
            .add("http.request.headers", FieldType.BYTES_ARRAY_MAP, REQUEST)
            .add("http.request.version", FieldType.BYTES, REQUEST)
            .add("http.upload.mime", FieldType.BYTES, REQUEST)
            .build();

    public static final Field NET_SRC_IP = field("net.src.ip");
    public static final Field NET_SRC_PORT = field("net.src.port");
    public static final Field NET_DST_IP = field("net.dst.ip");
    public static final Field NET_DST_PORT = field("net.dst.port");
    public static final Field NET_SNI_HOST = field("net.sni.host");
    public static final Field NET_SNI_DOMAINS = field("net.sni.domains");
    public static final Field NET_PROTOCOL = field("net.protocol");
    public static final Field PROXY_ENDPOINT = field("proxy.endpoint");
    public static final Field IDENTITY_EMAIL = field("identity.email");
    public static final Field IDENTITY_NAME = field("identity.name");
    public static final Field IDENTITY_GROUPS_NAME = field("identity.groups.name");
    public static final Field IDENTITY_GROUPS_ID = field("identity.groups.id");
    public static final Field IDENTITY_GROUPS_EMAIL = field("identity.groups.email");
    public static final Field POSTURE_PASSED = field("device_posture.checks.passed");
    public static final Field POSTURE_FAILED = field("device_posture.checks.failed");
    public static final Field HTTP_CONN_SRC_IP = field("http.conn.src_ip");
    public static final Field HTTP_CONN_DST_IP = field("http.conn.dst_ip");
    public static final Field HTTP_CONN_DST_PORT = field("http.conn.dst_port");
    public static final Field HTTP_HOST = field("http.request.host");
    public static final Field HTTP_DOMAINS = field("http.request.domains");
    public static final Field CONTENT_CATEGORY = field("http.request.uri.content_category");
    public static final Field SECURITY_CATEGORY = field("http.request.uri.security_category");
    public static final Field APP_IDS = field("app.ids");
    public static final Field HTTP_URI = field("http.request.uri");
    public static final Field HTTP_PATH = field("http.request.uri.path");
    public static final Field HTTP_QUERY = field("http.request.uri.query");
    public static final Field HTTP_PATH_AND_QUERY = field("http.request.uri.path_and_query");
    public static final Field HTTP_METHOD = field("http.request.method");
    public static final Field HTTP_HEADERS = field("http.request.headers");
    public static final Field HTTP_VERSION = field("http.request.version");
    public static final Field UPLOAD_MIME = field("http.upload.mime");

    private GatewayScheme() {
    }

    public static Scheme scheme() {
        return SCHEME;
    }

    private static Field field(String name) {
        return SCHEME.field(name).orElseThrow();
    }
}
