package dev.portcullis.proxy.tenancy;

import dev.portcullis.config.CidrPorts;
import dev.portcullis.config.EndpointSection;
import dev.portcullis.config.OrgSection;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class AttributionTest {
    private static OrgSection org(String id, boolean users, EndpointSection... endpoints) {
        return new OrgSection(id, Optional.of(Path.of(id + ".json")), Optional.empty(),
                users ? Optional.of(Path.of(id + ".htpasswd")) : Optional.empty(), List.of(), List.of(endpoints));
    }

    private static EndpointSection ep(String name, String listener, String... cidrs) {
        return new EndpointSection(name, listener, java.util.Arrays.stream(cidrs).map(CidrPorts::parse).toList());
    }

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    private static final Attribution CORP = Attribution.of(List.of(
            org("acme", true, ep("acme-office", "http", "10.1.0.0/16"), ep("acme-lab", "http", "10.1.2.0/24"),
                    ep("acme-roaming", "https")),
            org("globex", true, ep("globex-office", "http", "10.2.0.0/16"), ep("globex-roaming", "https"))));

    @Test
    void theMostSpecificRangeWins() throws Exception {
        assertEquals(new Attribution.Result.Bound(new OrgBinding("acme", "acme-lab")),
                CORP.attribute("http", ip("10.1.2.9")));
        assertEquals(new Attribution.Result.Bound(new OrgBinding("acme", "acme-office")),
                CORP.attribute("http", ip("10.1.3.9")));
        assertEquals(new Attribution.Result.Bound(new OrgBinding("globex", "globex-office")),
                CORP.attribute("http", ip("10.2.0.1")));
    }

    @Test
    void outsideEveryRangeOnAListenerWithOnlyRangesIsRefusedNamingTheProblem() throws Exception {
        assertEquals(new Attribution.Result.Refused("source address 10.3.0.1 is outside the source_cidrs of every"
                + " endpoint on the http listener"), CORP.attribute("http", ip("10.3.0.1")));
    }

    @Test
    void aSharedListenerWithoutRangesLeavesItToCredentials() throws Exception {
        assertEquals(new Attribution.Result.ByCredentials(Map.of("acme", "acme-roaming", "globex", "globex-roaming")),
                CORP.attribute("https", ip("192.0.2.1")));
    }

    @Test
    void aListenerOnlyOneOrganisationUsesDecidesByItself() throws Exception {
        Attribution a = Attribution.of(List.of(org("acme", false, ep("acme-http", "http")),
                org("globex", false, ep("globex-https", "https"))));
        assertEquals(new Attribution.Result.Bound(new OrgBinding("acme", "acme-http")), a.attribute("http", ip("::1")));
        assertEquals(new Attribution.Result.Bound(new OrgBinding("globex", "globex-https")),
                a.attribute("https", ip("192.0.2.1")));
    }

    @Test
    void ipv6RangesAndIpv4MappedClientsMatchLikeCidrPortsDoes() throws Exception {
        Attribution a = Attribution.of(List.of(org("acme", false, ep("acme-v6", "http", "[2001:db8::]/32"),
                ep("acme-v6-lab", "http", "[2001:db8:1::]/48"), ep("acme-v4", "http", "192.0.2.0/24"))));
        assertEquals(new Attribution.Result.Bound(new OrgBinding("acme", "acme-v6-lab")),
                a.attribute("http", ip("2001:db8:1::5")));
        assertEquals(new Attribution.Result.Bound(new OrgBinding("acme", "acme-v6")),
                a.attribute("http", ip("2001:db8:2::5")));
        java.net.Inet6Address mapped = java.net.Inet6Address.getByAddress(null,
                new byte[]{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 192, 0, 2, 9}, null);
        assertEquals(new Attribution.Result.Bound(new OrgBinding("acme", "acme-v4")), a.attribute("http", mapped),
                "an IPv4-mapped client address is its IPv4 address");
        assertInstanceOf(Attribution.Result.Refused.class, a.attribute("http", ip("2001:db9::1")));
    }

    @Test
    void withoutOrganisationsEverythingIsTheDefaultOrganisation() throws Exception {
        assertEquals(new Attribution.Result.Bound(new OrgBinding("default", null)),
                Attribution.single("default").attribute("http", ip("192.0.2.1")));
    }

    /** Random /8-/32 ranges of two organisations against a linear reference: longest matching prefix. */
    @Test
    void agreesWithALongestPrefixReference() throws Exception {
        long seed = 7L;
        Random r = new Random(seed);
        List<EndpointSection> a = new java.util.ArrayList<>();
        List<String[]> reference = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int len = 8 + r.nextInt(25);
            long base = (10L << 24) | (r.nextInt(1 << 24) & ((0xffffffffL << (32 - len)) & 0xffffff));
            String cidr = ((base >> 24) & 255) + "." + ((base >> 16) & 255) + "." + ((base >> 8) & 255) + "."
                    + (base & 255) + "/" + len;
            if (reference.stream().anyMatch(x -> x[1].equals(cidr))) {
                continue;
            }
            a.add(ep("e" + i, "http", cidr));
            reference.add(new String[]{"e" + i, cidr});
        }
        Attribution attr = Attribution.of(List.of(new OrgSection("acme", Optional.of(Path.of("a.json")),
                Optional.empty(), Optional.empty(), List.of(), a)));
        for (int i = 0; i < 2000; i++) {
            InetAddress x = InetAddress.getByAddress(new byte[]{10, (byte) r.nextInt(256), (byte) r.nextInt(256),
                    (byte) r.nextInt(256)});
            String best = null;
            int bestLen = -1;
            for (String[] e : reference) {
                CidrPorts c = CidrPorts.parse(e[1]);
                if (c.matches(x, 1) && c.prefixLength() > bestLen) {
                    best = e[0];
                    bestLen = c.prefixLength();
                }
            }
            Attribution.Result got = attr.attribute("http", x);
            if (best == null) {
                assertInstanceOf(Attribution.Result.Refused.class, got, "seed " + seed + " " + x);
            } else {
                assertEquals(new Attribution.Result.Bound(new OrgBinding("acme", best)), got, "seed " + seed + " " + x);
            }
        }
    }
}
