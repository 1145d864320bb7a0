package dev.portcullis.proxy.upstream;

/**
 * IPv6 literals per RFC 4291 section 2.2: eight groups of one to four hex digits, at most one {@code ::}, and
 * an optional dotted-quad IPv4 tail. Parsed by hand into bytes so nothing here can reach a resolver; zone ids
 * are rejected by the caller before we get here (a zone picks an interface, which a client must not choose).
 */
final class HostLiteralIpv6 {

    private HostLiteralIpv6() {
    }

    /** The sixteen address bytes of {@code literal} (no brackets). */
    static byte[] parse(String literal) throws HostLiteralException {
        if (literal.isEmpty()) {
            throw new HostLiteralException("it is empty");
        }
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c != ':' && c != '.' && HostLiteralIpv4.digit(c, 16) < 0) {
                throw new HostLiteralException("unexpected character '" + c + "' at index " + i);
            }
        }
        int lastColon = literal.lastIndexOf(':');
        if (lastColon < 0) {
            throw new HostLiteralException("it has no ':' (brackets are only for IPv6 literals)");
        }
        int[] tail = {};
        String groupsText = literal;
        if (literal.indexOf('.') >= 0) {
            if (literal.indexOf('.') < lastColon) {
                throw new HostLiteralException("a dotted IPv4 part is only allowed as the last 32 bits");
            }
            tail = dottedQuad(literal.substring(lastColon + 1));
            groupsText = literal.substring(0, lastColon + 1);
            // Drop the separator before the tail, unless it is half of a "::" that must still expand.
            if (!groupsText.endsWith("::")) {
                groupsText = groupsText.substring(0, groupsText.length() - 1);
            }
        }
        int[] groups = groups(groupsText, 8 - tail.length);
        byte[] bytes = new byte[16];
        for (int i = 0; i < groups.length; i++) {
            bytes[2 * i] = (byte) (groups[i] >>> 8);
            bytes[2 * i + 1] = (byte) groups[i];
        }
        for (int i = 0; i < tail.length; i++) {
            int g = groups.length + i;
            bytes[2 * g] = (byte) (tail[i] >>> 8);
            bytes[2 * g + 1] = (byte) tail[i];
        }
        return bytes;
    }

    /** Exactly {@code wanted} 16-bit groups, expanding a single "::". */
    private static int[] groups(String text, int wanted) throws HostLiteralException {
        int gap = text.indexOf("::");
        if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
            throw new HostLiteralException("'::' may appear only once");
        }
        if (gap < 0) {
            int[] groups = hexGroups(text);
            if (groups.length != wanted) {
                throw new HostLiteralException("it has " + groups.length + " groups of 16 bits, expected " + wanted
                        + " (or '::')");
            }
            return groups;
        }
        int[] head = hexGroups(text.substring(0, gap));
        int[] tail = hexGroups(text.substring(gap + 2));
        if (head.length + tail.length >= wanted) {
            throw new HostLiteralException("'::' must stand for at least one zero group, but "
                    + (head.length + tail.length) + " groups are given");
        }
        int[] all = new int[wanted];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, wanted - tail.length, tail.length);
        return all;
    }

    private static int[] hexGroups(String text) throws HostLiteralException {
        if (text.isEmpty()) {
            return new int[0];
        }
        String[] parts = text.split(":", -1);
        int[] groups = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty()) {
                throw new HostLiteralException("it has an empty group (a single ':' at the start or end, or ':::')");
            }
            if (p.length() > 4) {
                throw new HostLiteralException("group '" + p + "' has more than 4 hex digits");
            }
            int v = 0;
            for (int j = 0; j < p.length(); j++) {
                int d = HostLiteralIpv4.digit(p.charAt(j), 16);
                if (d < 0) {
                    throw new HostLiteralException("group '" + p + "' is not hexadecimal");
                }
                v = v * 16 + d;
            }
            groups[i] = v;
        }
        return groups;
    }

    /**
     * The strict RFC 3986 dotted quad: four decimal parts, no leading zeros. The looser inet_aton forms are not
     * accepted inside IPv6 literals by any mainstream parser, so accepting them here would only add ambiguity.
     */
    private static int[] dottedQuad(String text) throws HostLiteralException {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new HostLiteralException("embedded IPv4 part '" + text + "' must have 4 decimal parts");
        }
        int[] b = new int[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            boolean ok = !p.isEmpty() && p.length() <= 3 && !(p.length() > 1 && p.charAt(0) == '0');
            for (int j = 0; ok && j < p.length(); j++) {
                ok = p.charAt(j) >= '0' && p.charAt(j) <= '9';
            }
            if (!ok || Integer.parseInt(p) > 255) {
                throw new HostLiteralException("embedded IPv4 part '" + text + "' has an invalid byte '" + p
                        + "' (decimal 0-255, no leading zeros)");
            }
            b[i] = Integer.parseInt(p);
        }
        return new int[] {b[0] << 8 | b[1], b[2] << 8 | b[3]};
    }
}
