package dev.portcullis.proxy.pipeline;

/** Every handler name used in a pipeline, so that pipeline surgery names what it touches. */
public final class PipelineNames {
    public static final String SOURCE_FILTER = "source-filter";
    public static final String ORG_ATTRIBUTION = "org-attribution";
    public static final String CONNECTION_LIMIT = "connection-limit";
    public static final String CLIENT_TIMEOUTS = "client-timeouts";
    public static final String HTTP_DECODER = "http-decoder";
    public static final String HTTP_ENCODER = "http-encoder";
    public static final String FLOW_CONTROL = "message-pacer";
    public static final String PROXY_AUTH = "proxy-auth";
    public static final String FORWARD_PROXY = "forward-proxy";
    public static final String CONNECT = "connect";
    public static final String TUNNEL_IDLE = "tunnel-idle";
    public static final String TUNNEL_RELAY = "tunnel-relay";
    public static final String UPSTREAM_IDLE = "upstream-idle";
    public static final String UPSTREAM_CODEC = "upstream-codec";
    public static final String UPSTREAM_HANDLER = "upstream-handler";
    public static final String INSPECT_HELLO = "inspect-client-hello";
    public static final String INSPECT_TLS = "inspect-tls";
    public static final String INSPECT_HANDLER = "inspect-handler";
    public static final String INSPECT_UPSTREAM_TLS = "inspect-upstream-tls";

    private PipelineNames() {
    }
}
