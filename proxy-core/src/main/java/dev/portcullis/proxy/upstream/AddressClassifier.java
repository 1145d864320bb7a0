package dev.portcullis.proxy.upstream;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Sorts an address into an {@link AddressClass}, the SSRF half of "decide on the IP you dial" (modelled on
 * Smokescreen's {@code classifyAddr}). IPv6 forms that carry an IPv4 address a translator or tunnel will
 * actually reach (IPv4-mapped/-compatible/-translated, NAT64, 6to4, Teredo) are classified by that IPv4
 * address, so {@code [2002:7f00:1::]} is loopback, not public. Start at {@link #classification}.
 */
public final class AddressClassifier {

    private record Range(Cidr cidr, AddressClass addressClass) {
    }

    /** First match wins, so more specific prefixes come before the blocks that contain them. */
    private static final List<Range> IPV4 = List.of(
            range("255.255.255.255/32", AddressClass.BROADCAST),
            range("0.0.0.0/8", AddressClass.UNSPECIFIED),
            range("10.0.0.0/8", AddressClass.PRIVATE),
            range("100.64.0.0/10", AddressClass.CGNAT),
            range("127.0.0.0/8", AddressClass.LOOPBACK),
            range("169.254.0.0/16", AddressClass.LINK_LOCAL),
            range("172.16.0.0/12", AddressClass.PRIVATE),
            range("192.0.0.0/24", AddressClass.RESERVED),        // IETF protocol assignments
            range("192.0.2.0/24", AddressClass.DOCUMENTATION),   // TEST-NET-1
            range("192.88.99.0/24", AddressClass.RESERVED),      // deprecated 6to4 relay anycast (RFC 7526)
            range("192.168.0.0/16", AddressClass.PRIVATE),
            range("198.18.0.0/15", AddressClass.BENCHMARKING),
            range("198.51.100.0/24", AddressClass.DOCUMENTATION), // TEST-NET-2
            range("203.0.113.0/24", AddressClass.DOCUMENTATION),  // TEST-NET-3
            range("224.0.0.0/4", AddressClass.MULTICAST),
            range("240.0.0.0/4", AddressClass.RESERVED));

    /** IPv6 blocks without an embedded IPv4 address; the embedding forms are handled in code before these. */
    private static final List<Range> IPV6 = List.of(
            range("::/128", AddressClass.UNSPECIFIED),
            range("::1/128", AddressClass.LOOPBACK),
            range("fc00::/7", AddressClass.UNIQUE_LOCAL),
            range("fe80::/10", AddressClass.LINK_LOCAL),
            range("fec0::/10", AddressClass.SITE_LOCAL),
            range("ff00::/8", AddressClass.MULTICAST),
            range("2001:db8::/32", AddressClass.DOCUMENTATION),
            range("3fff::/20", AddressClass.DOCUMENTATION),       // RFC 9637
            range("2001:2::/48", AddressClass.BENCHMARKING),
            range("2001:10::/28", AddressClass.RESERVED),         // ORCHID (deprecated)
            range("2001:20::/28", AddressClass.RESERVED),         // ORCHIDv2, not routable
            range("100::/64", AddressClass.RESERVED));            // discard-only

    private static final Cidr IPV4_MAPPED = Cidr.parseIpv6Exact("::ffff:0:0/96");
    private static final Cidr IPV4_TRANSLATED = Cidr.parse("::ffff:0:0:0/96");
    private static final Cidr IPV4_COMPATIBLE = Cidr.parse("::/96");
    private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
    private static final Cidr NAT64_LOCAL = Cidr.parse("64:ff9b:1::/48");
    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");
    private static final Cidr TEREDO = Cidr.parse("2001::/32");
    private static final Cidr GLOBAL_UNICAST = Cidr.parse("2000::/3");

    /**
     * Where RFC 6052 puts the IPv4 address for each prefix length the local-use /48 may be cut into: the IPv4
     * bytes, then the bytes that must be zero for that layout (byte 8 is the reserved "u" octet; the suffix after
     * the IPv4 address is zero). Shorter prefixes first, so a refusal names the most specific reading.
     */
    private static final int[][][] NAT64_LOCAL_LAYOUTS = {
            {{6, 7, 9, 10}, {8, 11, 12, 13, 14, 15}},   // /48
            {{7, 9, 10, 11}, {8, 12, 13, 14, 15}},      // /56
            {{9, 10, 11, 12}, {8, 13, 14, 15}},         // /64
            {{12, 13, 14, 15}, {}},                     // /96
    };

    private AddressClassifier() {
    }

    public static AddressClass classify(InetAddress address) {
        return classification(address).addressClass();
    }

    /** The class and, for IPv6 addresses that embed an IPv4 address, the embedding that decided it. */
    public static AddressClassification classification(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return AddressClassification.direct(ipv4(b));
        }
        if (IPV4_MAPPED.contains(b)) {
            return embedded(b, 12, "IPv4-mapped IPv6 address");
        }
        if (IPV4_TRANSLATED.contains(b)) {
            return embedded(b, 12, "IPv4-translated IPv6 address");
        }
        if (IPV4_COMPATIBLE.contains(b) && !isLoopbackOrUnspecified(b)) {
            return embedded(b, 12, "IPv4-compatible IPv6 address");
        }
        if (NAT64.contains(b)) {
            return embedded(b, 12, "NAT64 address");
        }
        if (NAT64_LOCAL.contains(b)) {
            return localNat64(b);
        }
        if (SIX_TO_FOUR.contains(b)) {
            return embedded(b, 2, "6to4 address");
        }
        if (TEREDO.contains(b)) {
            return teredo(b);
        }
        for (Range r : IPV6) {
            if (r.cidr().contains(b)) {
                return AddressClassification.direct(r.addressClass());
            }
        }
        // Outside 2000::/3 nothing is assigned for global unicast, so nothing there is a public destination.
        return AddressClassification.direct(GLOBAL_UNICAST.contains(b) ? AddressClass.PUBLIC : AddressClass.RESERVED);
    }

    private static AddressClass ipv4(byte[] b) {
        for (Range r : IPV4) {
            if (r.cidr().contains(b)) {
                return r.addressClass();
            }
        }
        return AddressClass.PUBLIC;
    }

    private static boolean isLoopbackOrUnspecified(byte[] b) {
        for (int i = 0; i < 15; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[15] == 0 || b[15] == 1;
    }

    private static AddressClassification embedded(byte[] b, int offset, String embedding) {
        byte[] v4 = {b[offset], b[offset + 1], b[offset + 2], b[offset + 3]};
        return new AddressClassification(ipv4(v4), embedding, inet4(v4));
    }

    /**
     * Which prefix length a local-use NAT64 translator uses is the operator's choice, invisible to us, so every
     * layout the address is consistent with must read as public. The /96 layout is always consistent, which
     * means an address meant for a shorter prefix reads as 0.0.0.0 there and is refused: safe, and operators of
     * such translators can add an allow-destination.
     */
    private static AddressClassification localNat64(byte[] b) {
        AddressClassification publicReading = null;
        for (int[][] layout : NAT64_LOCAL_LAYOUTS) {
            boolean consistent = true;
            for (int zero : layout[1]) {
                consistent &= b[zero] == 0;
            }
            if (!consistent) {
                continue;
            }
            int[] at = layout[0];
            byte[] v4 = {b[at[0]], b[at[1]], b[at[2]], b[at[3]]};
            AddressClassification c = new AddressClassification(ipv4(v4), "local-use NAT64 address", inet4(v4));
            if (c.addressClass() != AddressClass.PUBLIC) {
                return c;
            }
            publicReading = c;
        }
        return publicReading;
    }

    /**
     * Teredo (RFC 4380): 2001:0::/32, server IPv4 in bits 32-63, client IPv4 in the last 32 bits inverted.
     * Packets go to the client via the server, so both must be public.
     */
    private static AddressClassification teredo(byte[] b) {
        byte[] client = {(byte) ~b[12], (byte) ~b[13], (byte) ~b[14], (byte) ~b[15]};
        AddressClass clientClass = ipv4(client);
        if (clientClass != AddressClass.PUBLIC) {
            return new AddressClassification(clientClass, "Teredo address (client)", inet4(client));
        }
        AddressClassification server = embedded(b, 4, "Teredo address (server)");
        return server.addressClass() != AddressClass.PUBLIC
                ? server
                : new AddressClassification(AddressClass.PUBLIC, "Teredo address (client)", inet4(client));
    }

    private static Inet4Address inet4(byte[] v4) {
        try {
            return (Inet4Address) InetAddress.getByAddress(v4);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Range range(String cidr, AddressClass addressClass) {
        return new Range(Cidr.parse(cidr), addressClass);
    }
}
