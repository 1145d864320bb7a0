package dev.portcullis.proxy.tenancy;

/**
 * The organisation a client connection belongs to and the endpoint it arrived on ({@code proxy.endpoint} in
 * policy). The endpoint is null when the organisation was found by credentials on a listener it shares.
 */
public record OrgBinding(String org, String endpoint) {
}
