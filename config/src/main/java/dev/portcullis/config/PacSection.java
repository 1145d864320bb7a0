package dev.portcullis.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code pac}: what the served PAC file sends direct. Domains are {@code example.com} (that host),
 * {@code *.example.com} (its subdomains) or {@code .example.com} (both); CIDRs are IPv4 because PAC's
 * {@code isInNet} is.
 */
public record PacSection(List<String> bypassDomains, List<String> bypassCidrs, boolean directFallback) {

    public static final PacSection DEFAULT = new PacSection(List.of("localhost", "*.local"),
            List.of("127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"), false);
    static final Bounds.Items BYPASS = new Bounds.Items(0, 10_000);

    public PacSection {
        bypassDomains = bypassDomains.stream().map(PacSection::parseDomain).toList();
        bypassCidrs = bypassCidrs.stream().map(PacSection::parseCidr).toList();
    }

    /** A domain pattern, lower-cased, or a {@link ValueParseException} saying what is wrong. */
    static String parseDomain(String text) {
        if (text == null || text.isBlank()) {
            throw new ValueParseException("empty bypass domain");
        }
        String s = text.strip().toLowerCase(Locale.ROOT);
        String name = s.startsWith("*.") ? s.substring(2) : s.startsWith(".") ? s.substring(1) : s;
        if (!IpLiterals.isHostname(name)) {
            throw new ValueParseException("bypass domain '" + text + "': " + IpLiterals.hostnameProblem(name)
                    + " (use example.com, *.example.com or .example.com)");
        }
        return s;
    }

    /** An IPv4 CIDR without host bits, or a {@link ValueParseException} saying what is wrong. */
    static String parseCidr(String text) {
        Objects.requireNonNull(text, "cidr");
        String s = text.strip();
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        String prefixText = slash < 0 ? "32" : s.substring(slash + 1);
        if (!prefixText.matches("[0-9]{1,2}") || Integer.parseInt(prefixText) > 32) {
            throw new ValueParseException("bypass CIDR '" + text + "': prefix length must be 0-32");
        }
        String[] parts = addr.split("\\.", -1);
        if (parts.length != 4) {
            throw new ValueParseException("bypass CIDR '" + text + "': expected a dotted IPv4 address "
                    + "(PAC's isInNet is IPv4-only)");
        }
        long address = 0;
        for (String part : parts) {
            if (!part.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(part) > 255) {
                throw new ValueParseException("bypass CIDR '" + text + "': '" + part + "' is not an octet 0-255");
            }
            address = (address << 8) | Integer.parseInt(part);
        }
        int prefix = Integer.parseInt(prefixText);
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        if ((address & ~mask & 0xFFFFFFFFL) != 0) {
            throw new ValueParseException("bypass CIDR '" + text + "' has host bits set");
        }
        return addr + "/" + prefix;
    }
}
