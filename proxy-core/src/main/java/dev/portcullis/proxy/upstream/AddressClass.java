package dev.portcullis.proxy.upstream;

/**
 * What kind of network an address belongs to, as far as a forward proxy cares: only {@link #PUBLIC} may be
 * dialled without an explicit exception. Each constant carries the verdict code and the words used in refusals.
 */
public enum AddressClass {
    PUBLIC("destination_public", "public address"),
    UNSPECIFIED("destination_unspecified", "unspecified address (this host)"),
    LOOPBACK("destination_loopback", "loopback address"),
    PRIVATE("destination_private", "private network address"),
    LINK_LOCAL("destination_link_local", "link-local address (cloud metadata)"),
    CGNAT("destination_cgnat", "carrier-grade NAT shared address"),
    UNIQUE_LOCAL("destination_unique_local", "unique local IPv6 address (private)"),
    SITE_LOCAL("destination_site_local", "site-local IPv6 address (deprecated, private)"),
    MULTICAST("destination_multicast", "multicast address"),
    BROADCAST("destination_broadcast", "broadcast address"),
    DOCUMENTATION("destination_documentation", "documentation address (TEST-NET)"),
    BENCHMARKING("destination_benchmarking", "benchmarking network address"),
    RESERVED("destination_reserved", "reserved address");

    private final String code;
    private final String description;

    AddressClass(String code, String description) {
        this.code = code;
        this.description = description;
    }

    /** Stable machine code for logs and metrics, e.g. {@code destination_loopback}. */
    public String code() {
        return code;
    }

    /** Short human name for messages, e.g. "loopback address". */
    public String description() {
        return description;
    }
}
