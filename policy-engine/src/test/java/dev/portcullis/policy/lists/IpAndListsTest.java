package dev.portcullis.policy.lists;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.policy.gateway.GatewayContexts;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpAndListsTest {
    @ParameterizedTest
    @ValueSource(strings = {"::", "::1", "1::", "2001:db8::a", "fe80::1:2:3:4", "1:2:3:4:5:6:7:8", "::ffff:1.2.3.4",
        "64:ff9b::192.0.2.33", "0.0.0.0", "255.255.255.255", "10.0.0.1", "2001:DB8::A"})
    void parsesLikeTheJdkForLiterals(String literal) throws Exception {
        byte[] jdk = InetAddress.getByName(literal).getAddress();
        long[] ours = IpText.parseAddress(literal);
        byte[] mine = new byte[16];
        for (int i = 0; i < 8; i++) {
            mine[i] = (byte) (ours[0] >>> (56 - 8 * i));
            mine[8 + i] = (byte) (ours[1] >>> (56 - 8 * i));
        }
        if (jdk.length == 4) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(jdk, 0, mapped, 12, 4);
            jdk = mapped;
        }
        assertArrayEquals(jdk, mine, literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.1.1.1", "1.2.3.-1", ":::", "1::2::3",
        "1:2:3:4:5:6:7:8:9", "12345::", "g::1", "1.2.3.4:80", "example.com", "::1%eth0"})
    void rejectsMalformedAddresses(String literal) {
        assertThrows(IllegalArgumentException.class, () -> IpText.parseAddress(literal), literal);
    }

    @Test
    void cidrSetAgreesWithALinearScan() {
        long seed = 99;
        Random r = new Random(seed);
        List<IpRange> ranges = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String cidr = r.nextInt(4) == 0
                    ? "2001:db8:" + Integer.toHexString(r.nextInt(16)) + "::/" + (32 + r.nextInt(64))
                    : "10." + r.nextInt(4) + "." + r.nextInt(256) + ".0/" + (14 + r.nextInt(19));
            ranges.add(IpText.parseRange(cidr));
        }
        CidrSet set = CidrSet.of(ranges);
        for (int i = 0; i < 20_000; i++) {
            String ip = r.nextInt(4) == 0 ? "2001:db8:" + Integer.toHexString(r.nextInt(20)) + "::" + r.nextInt(9)
                    : "10." + r.nextInt(5) + "." + r.nextInt(256) + "." + r.nextInt(256);
            long[] a = IpText.parseAddress(ip);
            boolean linear = ranges.stream().anyMatch(x -> x.contains(a[0], a[1]));
            assertEquals(linear, set.contains(a[0], a[1]), "seed " + seed + " ip " + ip);
        }
    }

    @Test
    void cidrEdgesAndRanges() {
        IpRange all = IpText.parseRange("::/0");
        assertEquals(new IpRange(0, 0, -1, -1), all);
        IpRange v4 = IpText.parseRange("10.0.0.255/24");
        assertEquals("10.0.0.0", IpText.format(v4.startHi(), v4.startLo()));
        assertEquals("10.0.0.255", IpText.format(v4.endHi(), v4.endLo()));
        CidrSet merged = CidrSet.of(List.of(IpText.parseRange("10.0.0.0/25"), IpText.parseRange("10.0.0.128/25"),
                IpText.parseRange("10.0.0.5..10.0.0.9"), all));
        assertEquals(1, merged.rangeCount());
        CidrSet adjacent = CidrSet.of(List.of(IpText.parseRange("10.0.0.0/25"), IpText.parseRange("10.0.0.128/25")));
        assertEquals(1, adjacent.rangeCount());
        assertThrows(IllegalArgumentException.class, () -> IpText.parseRange("10.0.0.9..10.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> IpText.parseRange("10.0.0.1..::1"));
    }

    @Test
    void listsNormaliseAndShareOneMap() {
        PolicyLists lists = PolicyLists.builder()
                .add("a", "id-a", ListType.DOMAIN, List.of("Example.COM.", "example.com", "x.test"))
                .add("b", null, ListType.DOMAIN, List.of("example.com"))
                .add("u", null, ListType.URL, List.of("HTTPS://a.example/Path"))
                .add("ip", null, ListType.IP, List.of("192.0.2.0/24"))
                .build();
        PolicyList a = lists.find("a").orElseThrow();
        assertEquals(a, lists.find("id-a").orElseThrow());
        assertEquals(2, a.size());
        assertTrue(lists.contains(a, "EXAMPLE.com"));
        assertTrue(lists.contains(lists.find("u").orElseThrow(), "a.example/path"));
        assertArrayEquals(new int[] {0, 1}, lists.listsContaining("example.com"));
        assertFalse(lists.contains(lists.find("b").orElseThrow(), "x.test"));
        long[] ip = IpText.parseAddress("192.0.2.77");
        assertTrue(lists.containsIp(lists.find("ip").orElseThrow(), ip[0], ip[1]));
    }

    @Test
    void domainsListsTheHostAndEveryParent() {
        assertArrayEquals(new String[] {"a.b.example.com", "b.example.com", "example.com", "com"},
                GatewayContexts.domains("A.b.Example.com."));
        assertArrayEquals(new String[] {"192.0.2.1"}, GatewayContexts.domains("192.0.2.1"));
        assertArrayEquals(new String[] {"2001:db8::1"}, GatewayContexts.domains("[2001:db8::1]"));
        assertArrayEquals(new String[0], GatewayContexts.domains(""));
    }
}
