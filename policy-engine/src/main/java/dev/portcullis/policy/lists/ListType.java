package dev.portcullis.policy.lists;

/** Gateway list types. All but {@link #IP} hold strings matched case-insensitively. */
public enum ListType {
    /** Host names, matched exactly (lower-case, no trailing dot); use http.request.domains for subdomains. */
    DOMAIN,
    /** URLs without scheme (an {@code http://}/{@code https://} prefix is stripped), matched exactly. */
    URL,
    /** IPv4/IPv6 addresses, CIDRs and ranges {@code a..b}. */
    IP,
    EMAIL,
    /** Device serial numbers. */
    SERIAL
}
