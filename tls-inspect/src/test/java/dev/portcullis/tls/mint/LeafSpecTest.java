package dev.portcullis.tls.mint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.tls.TestPki;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeafSpecTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:37:12Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void forHostStartsAnHourBeforeTheCurrentHourAndLastsThreeDays() {
        LeafSpec spec = LeafSpec.forHost("www.example.com", CLOCK);
        assertEquals("www.example.com", spec.host());
        assertEquals(List.of("www.example.com"), spec.dnsNames());
        assertEquals(List.of(), spec.ipAddresses());
        assertEquals(Instant.parse("2026-03-01T09:00:00Z"), spec.notBefore());
        assertEquals(Instant.parse("2026-03-04T09:00:00Z"), spec.notAfter());
    }

    @Test
    void specsWithinOneHourAreEqualSoTheCacheHits() {
        LeafSpec a = LeafSpec.forHost("a.example", Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC));
        LeafSpec b = LeafSpec.forHost("A.EXAMPLE.", Clock.fixed(Instant.parse("2026-03-01T10:59:59Z"), ZoneOffset.UTC));
        LeafSpec c = LeafSpec.forHost("a.example", Clock.fixed(Instant.parse("2026-03-01T11:00:00Z"), ZoneOffset.UTC));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, c);
    }

    @ParameterizedTest
    @CsvSource({
        "WWW.Example.COM., www.example.com",
        "bücher.example, xn--bcher-kva.example",
        "[::1], 0:0:0:0:0:0:0:1",
        "::ffff:10.0.0.1, ::ffff:a00:1",
        "2001:DB8:0:0:0:0:0:1, 2001:db8:0:0:0:0:0:1",
        "127.0.0.1, 127.0.0.1",
        "under_score.example, under_score.example",
    })
    void canonicalisesHosts(String input, String expected) {
        LeafSpec spec = LeafSpec.forHost(input, CLOCK);
        String canonical = spec.host();
        assertTrue(canonical.equals(expected) || canonical.equals(compressed(expected)),
                input + " -> " + canonical + ", expected " + expected);
        assertTrue(spec.dnsNames().contains(canonical) || spec.ipAddresses().contains(canonical));
    }

    private static String compressed(String ipv6) {
        return ipv6.replace("0:0:0:0:0:0:0:1", "::1").replace("2001:db8:0:0:0:0:0:1", "2001:db8::1");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'' | host name must not be empty",
        "*.example.com | host name '*.example.com' is a wildcard; a concrete host is required",
        "a..example | host name 'a..example' has a label of 0 characters; each dot-separated label must have 1 to 63",
        "-a.example | host name '-a.example' has label '-a' starting or ending with '-'",
        "exa mple.com | host name 'exa mple.com' contains the character ' ', not allowed in a DNS name",
        "a/b.example | host name 'a/b.example' contains the character '/', not allowed in a DNS name",
        "exämple..com | host name 'exämple..com' is not a valid internationalised domain name: Empty label is not a legal name",
    })
    void refusesBadHostsNamingTheProblem(String host, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LeafSpec.forHost(host, CLOCK));
        assertEquals(message, e.getMessage());
    }

    @Test
    void refusesOverlongLabelsAndNames() {
        String label = "a".repeat(64);
        assertEquals("host name '" + label + ".example' has a label of 64 characters; each dot-separated label must"
                + " have 1 to 63", assertThrows(IllegalArgumentException.class,
                        () -> LeafSpec.forHost(label + ".example", CLOCK)).getMessage());
        String name = ("a".repeat(60) + ".").repeat(5) + "example";
        assertEquals("host name '" + name + "' must be 1 to 253 characters long",
                assertThrows(IllegalArgumentException.class, () -> LeafSpec.forHost(name, CLOCK)).getMessage());
    }

    @Test
    void refusesTooBroadWildcardSans() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LeafSpec("a.example", List.of("*.example"), List.of(), NOW, NOW.plusSeconds(1)));
        assertEquals("wildcard '*.example' must have at least two labels after '*.'", e.getMessage());
    }

    @Test
    void refusesAnEmptyValidityWindow() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LeafSpec("a.example", List.of(), List.of(), NOW, NOW));
        assertEquals("leaf for 'a.example' has an empty validity window: notBefore " + NOW + " is not before notAfter "
                + NOW, e.getMessage());
    }

    @Test
    void fromUpstreamCopiesSansAndAddsTheRequestedHost() {
        X509Certificate upstream = TestPki.cert("origin").dns("example.com", "*.Example.com", "bad name!")
                .ip("203.0.113.7").validity(NOW.minus(Duration.ofDays(30)), NOW.plus(Duration.ofDays(60))).build()
                .certificate();
        LeafSpec spec = LeafSpec.fromUpstream("shop.example.com", upstream, CLOCK);
        assertEquals("shop.example.com", spec.host());
        assertEquals(List.of("*.example.com", "example.com", "shop.example.com"), spec.dnsNames());
        assertEquals(List.of("203.0.113.7"), spec.ipAddresses());
        assertEquals(Instant.parse("2026-03-01T09:00:00Z"), spec.notBefore());
        assertEquals(Instant.parse("2026-03-04T09:00:00Z"), spec.notAfter());
    }

    @Test
    void fromUpstreamClipsValidityToTheUpstreamCertificate() {
        Instant upstreamStart = NOW.minus(Duration.ofMinutes(10));
        Instant upstreamEnd = NOW.plus(Duration.ofHours(20));
        X509Certificate upstream = TestPki.cert("origin").dns("example.com").validity(upstreamStart, upstreamEnd)
                .build().certificate();
        LeafSpec spec = LeafSpec.fromUpstream("example.com", upstream, CLOCK);
        assertEquals(upstream.getNotBefore().toInstant(), spec.notBefore());
        assertEquals(upstream.getNotAfter().toInstant(), spec.notAfter());
    }

    @Test
    void fromUpstreamRefusesAnExpiredUpstream() {
        Instant end = NOW.minus(Duration.ofDays(2));
        X509Certificate upstream = TestPki.cert("origin").dns("example.com")
                .validity(end.minus(Duration.ofDays(90)), end).build().certificate();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LeafSpec.fromUpstream("example.com", upstream, CLOCK));
        assertTrue(e.getMessage().startsWith("upstream certificate for 'example.com' (valid "), e.getMessage());
        assertTrue(e.getMessage().endsWith("; serve an error page with LeafSpec.forHost instead"), e.getMessage());
    }

    @Test
    void forNamesSortsDnsNamesAndIps() {
        LeafSpec spec = LeafSpec.forNames(List.of("proxy.corp", "10.1.2.3", "::1", "proxy"), CLOCK,
                Duration.ofDays(30));
        assertEquals("proxy.corp", spec.host());
        assertEquals(List.of("proxy", "proxy.corp"), spec.dnsNames());
        assertEquals(new TreeSet<>(List.of("10.1.2.3", "0:0:0:0:0:0:0:1")).size(), spec.ipAddresses().size());
        assertEquals(Duration.ofDays(30), Duration.between(spec.notBefore(), spec.notAfter()));
    }

    /** Random names and SAN lists: a spec is canonical (rebuilding it changes nothing) and always names its host. */
    @Test
    void randomSpecsAreCanonicalAndContainTheirHost() {
        long seed = 20260301L;
        Random random = new Random(seed);
        for (int i = 0; i < 500; i++) {
            String host = randomName(random);
            List<String> dns = new ArrayList<>();
            for (int n = random.nextInt(6); n > 0; n--) {
                dns.add(random.nextInt(4) == 0 ? "*." + randomName(random) + ".example" : randomName(random).toUpperCase());
            }
            List<String> ips = new ArrayList<>();
            for (int n = random.nextInt(3); n > 0; n--) {
                ips.add(random.nextInt(256) + "." + random.nextInt(256) + ".0." + random.nextInt(256));
            }
            LeafSpec spec = new LeafSpec(host, dns, ips, NOW, NOW.plus(Duration.ofDays(1)));
            String context = "seed " + seed + ", case " + i + ": " + spec;
            assertEquals(spec, new LeafSpec(spec.host(), spec.dnsNames(), spec.ipAddresses(), spec.notBefore(),
                    spec.notAfter()), context);
            assertTrue(spec.dnsNames().contains(host.toLowerCase()), context);
            assertEquals(new ArrayList<>(new TreeSet<>(spec.dnsNames())), spec.dnsNames(), context);
            assertEquals(new ArrayList<>(new TreeSet<>(spec.ipAddresses())), spec.ipAddresses(), context);
        }
    }

    private static String randomName(Random random) {
        StringBuilder name = new StringBuilder();
        int labels = 1 + random.nextInt(4);
        for (int l = 0; l < labels; l++) {
            if (l > 0) {
                name.append('.');
            }
            int length = 1 + random.nextInt(12);
            name.append((char) ('a' + random.nextInt(26))); // never all digits: that could read as an IP
            for (int c = 1; c < length; c++) {
                name.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(random.nextInt(36)));
            }
        }
        return name.toString();
    }
}
