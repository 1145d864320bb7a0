package dev.portcullis.proxy.pac;

/** An IPv4 network as PAC's {@code isInNet(host, address, mask)} wants it: dotted address and dotted mask. */
public record PacCidr(String address, String mask, int prefix) {

    /** Parses {@code a.b.c.d/len}; a bare address means /32. Host bits must be zero. */
    public static PacCidr parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("PAC bypass CIDR is empty");
        }
        String s = text.strip();
        if (s.indexOf(':') >= 0) {
            throw new IllegalArgumentException("PAC bypass CIDR '" + s
                    + "' is IPv6; PAC files can only test IPv4 networks (isInNet)");
        }
        int slash = s.indexOf('/');
        String addressText = slash < 0 ? s : s.substring(0, slash);
        int prefix = 32;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (!p.matches("[0-9]{1,2}") || Integer.parseInt(p) > 32) {
                throw new IllegalArgumentException("PAC bypass CIDR '" + s + "': prefix length must be 0-32");
            }
            prefix = Integer.parseInt(p);
        }
        String[] parts = addressText.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("PAC bypass CIDR '" + s + "': expected a dotted IPv4 address");
        }
        long address = 0;
        for (String part : parts) {
            if (!part.matches("[0-9]{1,3}") || Integer.parseInt(part) > 255) {
                throw new IllegalArgumentException("PAC bypass CIDR '" + s + "': '" + part
                        + "' is not an octet 0-255");
            }
            address = (address << 8) | Integer.parseInt(part);
        }
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        if ((address & ~mask & 0xFFFFFFFFL) != 0) {
            throw new IllegalArgumentException("PAC bypass CIDR '" + s + "' has host bits set; did you mean "
                    + dotted(address & mask) + "/" + prefix + "?");
        }
        return new PacCidr(dotted(address), dotted(mask), prefix);
    }

    private static String dotted(long v) {
        return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }

    @Override
    public String toString() {
        return address + "/" + prefix;
    }
}
