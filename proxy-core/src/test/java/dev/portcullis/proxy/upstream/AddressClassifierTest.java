package dev.portcullis.proxy.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressClassifierTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "0.0.0.0            | UNSPECIFIED",
            "0.255.255.255      | UNSPECIFIED",
            "1.0.0.0            | PUBLIC",
            "8.8.8.8            | PUBLIC",
            "9.255.255.255      | PUBLIC",
            "10.0.0.0           | PRIVATE",
            "10.255.255.255     | PRIVATE",
            "11.0.0.0           | PUBLIC",
            "100.63.255.255     | PUBLIC",
            "100.64.0.0         | CGNAT",
            "100.127.255.255    | CGNAT",
            "100.128.0.0        | PUBLIC",
            "126.255.255.255    | PUBLIC",
            "127.0.0.1          | LOOPBACK",
            "127.255.255.254    | LOOPBACK",
            "128.0.0.0          | PUBLIC",
            "169.253.255.255    | PUBLIC",
            "169.254.0.1        | LINK_LOCAL",
            "169.254.169.254    | LINK_LOCAL",
            "169.255.0.0        | PUBLIC",
            "172.15.255.255     | PUBLIC",
            "172.16.0.0         | PRIVATE",
            "172.31.255.255     | PRIVATE",
            "172.32.0.0         | PUBLIC",
            "192.0.0.1          | RESERVED",
            "192.0.0.170        | RESERVED",
            "192.0.1.0          | PUBLIC",
            "192.0.2.1          | DOCUMENTATION",
            "192.88.99.1        | RESERVED",
            "192.167.255.255    | PUBLIC",
            "192.168.0.1        | PRIVATE",
            "192.168.255.255    | PRIVATE",
            "192.169.0.0        | PUBLIC",
            "198.17.255.255     | PUBLIC",
            "198.18.0.1         | BENCHMARKING",
            "198.19.255.255     | BENCHMARKING",
            "198.20.0.0         | PUBLIC",
            "198.51.100.7       | DOCUMENTATION",
            "203.0.113.9        | DOCUMENTATION",
            "223.255.255.255    | PUBLIC",
            "224.0.0.1          | MULTICAST",
            "239.255.255.250    | MULTICAST",
            "240.0.0.1          | RESERVED",
            "255.255.255.254    | RESERVED",
            "255.255.255.255    | BROADCAST",
            "::                 | UNSPECIFIED",
            "::1                | LOOPBACK",
            "::1:0:0:0          | RESERVED",
            "2606:4700::1111    | PUBLIC",
            "2001:4860:4860::8888 | PUBLIC",
            "fc00::1            | UNIQUE_LOCAL",
            "fd12:3456::1       | UNIQUE_LOCAL",
            "fe80::1            | LINK_LOCAL",
            "febf::1            | LINK_LOCAL",
            "fec0::1            | SITE_LOCAL",
            "ff02::1            | MULTICAST",
            "ff05::1:3          | MULTICAST",
            "2001:db8::1        | DOCUMENTATION",
            "3fff::1            | DOCUMENTATION",
            "2001:2::1          | BENCHMARKING",
            "2001:20::1         | RESERVED",
            "100::1             | RESERVED",
            "4000::1            | RESERVED",
            "1::                | RESERVED",
    })
    void plainAddresses(String literal, AddressClass expected) {
        InetAddress a = HostLiteral.parse(literal).address();
        AddressClassification c = AddressClassifier.classification(a);
        assertEquals(expected, c.addressClass(), literal);
        assertNull(c.embedding(), literal);
        assertEquals(expected, AddressClassifier.classify(a), literal);
    }

    /** IPv6 addresses that carry an IPv4 address are judged by that address. */
    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "::ffff:127.0.0.1                      | LOOPBACK    | 127.0.0.1       | IPv4-mapped IPv6 address",
            "::ffff:8.8.8.8                        | PUBLIC      | 8.8.8.8         | IPv4-mapped IPv6 address",
            "::ffff:0:a9fe:a9fe                    | LINK_LOCAL  | 169.254.169.254 | IPv4-translated IPv6 address",
            "::127.0.0.1                           | LOOPBACK    | 127.0.0.1       | IPv4-compatible IPv6 address",
            "::10.0.0.1                            | PRIVATE     | 10.0.0.1        | IPv4-compatible IPv6 address",
            "::8.8.8.8                             | PUBLIC      | 8.8.8.8         | IPv4-compatible IPv6 address",
            "64:ff9b::7f00:1                       | LOOPBACK    | 127.0.0.1       | NAT64 address",
            "64:ff9b::a9fe:a9fe                    | LINK_LOCAL  | 169.254.169.254 | NAT64 address",
            "64:ff9b::808:808                      | PUBLIC      | 8.8.8.8         | NAT64 address",
            "64:ff9b:1::7f00:1                     | LOOPBACK    | 127.0.0.1       | local-use NAT64 address",
            "64:ff9b:1:abcd::808:808               | PUBLIC      | 8.8.8.8         | local-use NAT64 address",
            "64:ff9b:1:a00:0:100::                 | PRIVATE     | 10.0.0.1        | local-use NAT64 address",
            "64:ff9b:1:a:a:101::                   | PRIVATE     | 10.10.1.1       | local-use NAT64 address",
            "64:ff9b:1:0:7f:0:100::                | LOOPBACK    | 127.0.0.1       | local-use NAT64 address",
            // a public address under a /56 layout still reads as 0.0.0.0 under /96: refused, conservatively
            "64:ff9b:1:8:8:808::                   | UNSPECIFIED | 0.0.0.0         | local-use NAT64 address",
            "::2                                   | UNSPECIFIED | 0.0.0.2         | IPv4-compatible IPv6 address",
            "2002:7f00:1::                         | LOOPBACK    | 127.0.0.1       | 6to4 address",
            "2002:a00:1::1                         | PRIVATE     | 10.0.0.1        | 6to4 address",
            "2002:a9fe:a9fe::                      | LINK_LOCAL  | 169.254.169.254 | 6to4 address",
            "2002:c0a8:101:1::1                    | PRIVATE     | 192.168.1.1     | 6to4 address",
            "2002:808:808::1                       | PUBLIC      | 8.8.8.8         | 6to4 address",
            "2001:0:4136:e378:8000:63bf:80ff:fffe  | LOOPBACK    | 127.0.0.1       | Teredo address (client)",
            "2001:0:4136:e378:8000:63bf:5601:5601  | LINK_LOCAL  | 169.254.169.254 | Teredo address (client)",
            "2001:0:4136:e378:8000:63bf:f5ff:fffe  | PRIVATE     | 10.0.0.1        | Teredo address (client)",
            "2001:0:a00:1:8000:63bf:f7f7:f7f7      | PRIVATE     | 10.0.0.1        | Teredo address (server)",
            "2001:0:4136:e378:8000:63bf:f7f7:f7f7  | PUBLIC      | 8.8.8.8         | Teredo address (client)",
    })
    void embeddedIpv4(String literal, AddressClass expected, String embedded, String embedding) {
        InetAddress a = HostLiteral.parse(literal).address();
        AddressClassification c = AddressClassifier.classification(a);
        // IPv4-mapped literals decode to an Inet4Address, as the OS would dial them; they classify as plain IPv4.
        assertEquals(expected, c.addressClass(), literal);
        if (a instanceof Inet6Address) {
            assertEquals(embedding, c.embedding(), literal);
            assertEquals(HostLiteral.parse(embedded).address(), c.embedded(), literal);
        }
    }

    /** An Inet6Address that still holds an IPv4-mapped address (e.g. built by a resolver) is unwrapped too. */
    @Test
    void inet6AddressHoldingAMappedAddress() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1};
        Inet6Address a = Inet6Address.getByAddress(null, mapped, -1);
        AddressClassification c = AddressClassifier.classification(a);
        assertEquals(AddressClass.LOOPBACK, c.addressClass());
        assertEquals("loopback address 127.0.0.1 embedded in a IPv4-mapped IPv6 address", c.describe());
    }

    @Test
    void scopedLinkLocalIsStillLinkLocal() throws Exception {
        byte[] b = HostLiteral.parse("fe80::1").address().getAddress();
        assertEquals(AddressClass.LINK_LOCAL, AddressClassifier.classify(Inet6Address.getByAddress(null, b, 2)));
    }

    /**
     * Differential check against the JDK's own predicates, which cover a subset of our classes: whatever the
     * JDK calls loopback, link-local, site-local (private IPv4), multicast or wildcard must never be PUBLIC.
     */
    @Test
    void neverPublicWhereTheJdkSaysLocal() throws Exception {
        long seed = 0xC1A55L;
        Random random = new Random(seed);
        for (int n = 0; n < 50_000; n++) {
            byte[] b = new byte[random.nextBoolean() ? 4 : 16];
            random.nextBytes(b);
            if (b.length == 16 && random.nextInt(4) == 0) {
                b[0] = (byte) 0xfe; // bias towards fe80::/10 and fec0::/10
            }
            if (b.length == 4 && random.nextInt(4) == 0) {
                b[0] = new byte[] {0, 10, 127, (byte) 169, (byte) 172, (byte) 192, (byte) 224}[random.nextInt(7)];
            }
            InetAddress a = InetAddress.getByAddress(b);
            boolean jdkLocal = a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                    || a.isMulticastAddress() || a.isAnyLocalAddress();
            AddressClass c = AddressClassifier.classify(a);
            int round = n;
            if (jdkLocal) {
                assertEquals(true, c != AddressClass.PUBLIC,
                        () -> "seed " + seed + " round " + round + ": " + HostLiteralFormat.format(a) + " is " + c);
            }
        }
    }

    /** The same IPv4 address classifies the same however it is embedded. */
    @Test
    void embeddingsAgreeWithPlainIpv4() throws Exception {
        long seed = 0xE4BEDL;
        Random random = new Random(seed);
        for (int n = 0; n < 20_000; n++) {
            byte[] v4 = new byte[4];
            random.nextBytes(v4);
            AddressClass plain = AddressClassifier.classify(InetAddress.getByAddress(v4));
            byte[][] forms = {
                    v6(new int[] {0x0064, 0xff9b, 0, 0, 0, 0}, v4, 12),
                    v6(new int[] {0x2002}, v4, 2),
                    v6(new int[] {0, 0, 0, 0, 0, 0xffff, 0}, v4, 12),
                    v6(new int[] {0x0064, 0xff9b, 0x0001, 0x1234, 0, 0}, v4, 12),
            };
            for (byte[] f : forms) {
                InetAddress a = Inet6Address.getByAddress(null, f, -1);
                AddressClass embedded = AddressClassifier.classify(a);
                int round = n;
                assertEquals(plain, embedded, () -> "seed " + seed + " round " + round + ": "
                        + HostLiteralFormat.format(a));
            }
            if (plain != AddressClass.UNSPECIFIED && !(v4[0] == 0 && v4[1] == 0)) {
                // ::a.b.c.d, except ::/112 forms that are really ::, ::1 and friends
                byte[] compat = v6(new int[] {0, 0, 0, 0, 0, 0}, v4, 12);
                assertEquals(plain, AddressClassifier.classify(Inet6Address.getByAddress(null, compat, -1)),
                        "seed " + seed + " round " + n);
            }
            byte[] teredoClient = v6(new int[] {0x2001, 0, 0x0808, 0x0808, 0x8000, 0x63bf}, invert(v4), 12);
            assertEquals(plain, AddressClassifier.classify(Inet6Address.getByAddress(null, teredoClient, -1)),
                    "seed " + seed + " round " + n);
        }
    }

    private static byte[] v6(int[] headGroups, byte[] v4, int offset) {
        byte[] b = new byte[16];
        for (int i = 0; i < headGroups.length; i++) {
            b[2 * i] = (byte) (headGroups[i] >>> 8);
            b[2 * i + 1] = (byte) headGroups[i];
        }
        System.arraycopy(v4, 0, b, offset, 4);
        return b;
    }

    private static byte[] invert(byte[] v4) {
        return new byte[] {(byte) ~v4[0], (byte) ~v4[1], (byte) ~v4[2], (byte) ~v4[3]};
    }
}
