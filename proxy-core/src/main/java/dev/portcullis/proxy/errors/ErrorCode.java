package dev.portcullis.proxy.errors;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Every way an exchange can fail, with the one status it maps to. The {@link #code()} travels in the
 * {@code X-Portcullis-Error} header and the access log, so ops can count failures by cause.
 */
public enum ErrorCode {
    BAD_REQUEST(HttpResponseStatus.BAD_REQUEST, "bad_request"),
    AMBIGUOUS_FRAMING(HttpResponseStatus.BAD_REQUEST, "ambiguous_framing"),
    INVALID_TARGET(HttpResponseStatus.BAD_REQUEST, "invalid_target"),
    URI_TOO_LONG(HttpResponseStatus.REQUEST_URI_TOO_LONG, "uri_too_long"),
    HEADERS_TOO_LARGE(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers_too_large"),
    REQUEST_TIMEOUT(HttpResponseStatus.REQUEST_TIMEOUT, "request_timeout"),
    UNSUPPORTED_VERSION(HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED, "unsupported_version"),
    DESTINATION_FORBIDDEN(HttpResponseStatus.FORBIDDEN, "destination_forbidden"),
    POLICY_BLOCK(HttpResponseStatus.FORBIDDEN, "policy_block"),
    POLICY_ERROR(HttpResponseStatus.FORBIDDEN, "policy_error"),
    // Who may use the proxy (proxy.auth): no or wrong credentials, too many wrong ones, a source outside the ranges.
    PROXY_AUTH_REQUIRED(HttpResponseStatus.PROXY_AUTHENTICATION_REQUIRED, "proxy_auth_required"),
    PROXY_AUTH_INVALID(HttpResponseStatus.PROXY_AUTHENTICATION_REQUIRED, "proxy_auth_invalid"),
    PROXY_AUTH_THROTTLED(HttpResponseStatus.TOO_MANY_REQUESTS, "proxy_auth_throttled"),
    PROXY_AUTH_BUSY(HttpResponseStatus.SERVICE_UNAVAILABLE, "proxy_auth_busy"),
    SOURCE_NOT_ALLOWED(HttpResponseStatus.FORBIDDEN, "source_not_allowed"),
    // 508 Loop Detected (RFC 5842) is the one status that says what happened.
    FORWARDING_LOOP(HttpResponseStatus.valueOf(508, "Loop Detected"), "forwarding_loop"),
    DNS_FAILURE(HttpResponseStatus.BAD_GATEWAY, "dns_failure"),
    CONNECT_FAILED(HttpResponseStatus.BAD_GATEWAY, "connect_failed"),
    UPSTREAM_PROTOCOL_ERROR(HttpResponseStatus.BAD_GATEWAY, "upstream_protocol_error"),
    UPSTREAM_CLOSED(HttpResponseStatus.BAD_GATEWAY, "upstream_closed"),
    CONNECT_TIMEOUT(HttpResponseStatus.GATEWAY_TIMEOUT, "connect_timeout"),
    RESPONSE_TIMEOUT(HttpResponseStatus.GATEWAY_TIMEOUT, "response_timeout"),
    TOO_MANY_CONNECTIONS(HttpResponseStatus.SERVICE_UNAVAILABLE, "too_many_connections"),
    SHUTTING_DOWN(HttpResponseStatus.SERVICE_UNAVAILABLE, "shutting_down"),
    /** Only logged: the client went away mid-exchange, there is nobody to answer. */
    CLIENT_CLOSED(HttpResponseStatus.BAD_REQUEST, "client_closed"),
    INTERNAL(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal_error");

    private final HttpResponseStatus status;
    private final String code;

    ErrorCode(HttpResponseStatus status, String code) {
        this.status = status;
        this.code = code;
    }

    public HttpResponseStatus status() {
        return status;
    }

    public String code() {
        return code;
    }
}
