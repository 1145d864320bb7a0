package dev.portcullis.proxy.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrPortsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "127.0.0.1/32:18000-18999 | 127.0.0.1/32:18000-18999",
            "10.0.0.0/8               | 10.0.0.0/8",
            "10.0.0.1                 | 10.0.0.1/32",
            "10.0.0.1:80              | 10.0.0.1/32:80",
            "0.0.0.0/0:443,80         | 0.0.0.0/0:80,443",
            "[::1]/128:8080           | [::1]/128:8080",
            "[::1]:8080               | [::1]/128:8080",
            "[::1/128]:8080           | [::1]/128:8080",
            "[::1]                    | ::1/128",
            "::1/128                  | ::1/128",
            "FC00::/7                 | fc00::/7",
            "[2001:DB8::]/32:1-1024   | [2001:db8::]/32:1-1024",
            "::/0                     | ::/0",
            "::ffff:127.0.0.1/128     | 127.0.0.1/32",
            "[::ffff:10.0.0.0]/104:22 | 10.0.0.0/8:22",
    })
    void parsesToCanonicalForm(String text, String canonical) {
        assertEquals(canonical, CidrPorts.parse(text).toString());
        assertEquals(canonical, CidrPorts.parse(canonical).toString(), "canonical form parses to itself");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "\"\"                 | allow-destination is empty",
            "\" \"                | allow-destination is empty",
            "10.0.0.0/33          | prefix length '33' must be a number from 0 to 32",
            "::/129               | prefix length '129' must be a number from 0 to 128",
            "10.0.0.0/            | prefix length '' must be",
            "10.0.0.0/-1          | prefix length '-1' must be",
            "10.0.0.1/8           | bits set beyond the /8 prefix; did you mean 10.0.0.0/8?",
            "fc00::1/7            | did you mean fc00::/7?",
            "10.1/16              | write the IPv4 address as a plain dotted quad (it means 10.0.0.1)",
            "012.0.0.0/8          | plain dotted quad (it means 10.0.0.0)",
            "example.com/8        | 'example.com' is not an IP address",
            "256.0.0.0/8          | '256.0.0.0' is not an IP address (host ends in a number",
            "10.0.0.0/8:0         | '0' is not a port",
            "10.0.0.0/8:65536     | '65536' is not a port",
            "10.0.0.0/8:          | port list is empty",
            "10.0.0.0/8:90-80     | range '90-80' runs backwards",
            "10.0.0.0/8:80,,443   | '' is not a port",
            "10.0.0.0/8:http      | 'http' is not a port",
            "[::1]x:80            | expected '/LEN' or ':PORTS' after ']'",
            "[::1                 | '[' without ']'",
            "[10.0.0.1]:80        | brackets are only for IPv6 addresses",
            "::1/128:80           | prefix length '128:80' must be",
    })
    void rejectsWithAClearMessage(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CidrPorts.parse(text));
        assertTrue(e.getMessage().contains(message), () -> "expected '" + message + "' in '" + e.getMessage() + "'");
        assertTrue(e.getMessage().startsWith("allow-destination '" + text + "'") || text.isBlank(), e::getMessage);
    }

    @Test
    void matchesAddressAndPort() {
        CidrPorts c = CidrPorts.parse("127.0.0.1/32:18000-18999");
        assertTrue(c.matches(ip("127.0.0.1"), 18000));
        assertTrue(c.matches(ip("127.0.0.1"), 18999));
        assertFalse(c.matches(ip("127.0.0.1"), 19000));
        assertFalse(c.matches(ip("127.0.0.2"), 18000));
        assertFalse(c.matches(ip("::1"), 18000), "an IPv4 prefix never matches IPv6");
        CidrPorts any = CidrPorts.parse("fc00::/7");
        assertTrue(any.matches(ip("fdff::1"), 1));
        assertTrue(any.matches(ip("fc00::"), 65535));
        assertFalse(any.matches(ip("fe00::"), 80));
        assertFalse(any.matches(ip("10.0.0.1"), 80));
    }

    /** Prefix matching agrees with a BigInteger reference for random prefixes and addresses of both families. */
    @Test
    void prefixMatchingAgreesWithReference() throws Exception {
        long seed = 0xC1D2L;
        Random random = new Random(seed);
        for (int n = 0; n < 20_000; n++) {
            int len = random.nextBoolean() ? 4 : 16;
            byte[] net = new byte[len];
            random.nextBytes(net);
            int bits = random.nextInt(len * 8 + 1);
            BigInteger mask = BigInteger.ONE.shiftLeft(len * 8).subtract(BigInteger.ONE)
                    .xor(BigInteger.ONE.shiftLeft(len * 8 - bits).subtract(BigInteger.ONE));
            BigInteger network = new BigInteger(1, net).and(mask);
            byte[] probe = net.clone();
            // Flip one random bit: inside the prefix it must stop matching, outside it must keep matching.
            int flip = random.nextInt(len * 8);
            probe[flip / 8] ^= (byte) (0x80 >>> (flip % 8));
            InetAddress netAddress = InetAddress.getByAddress(toBytes(network, len));
            if (netAddress.getAddress().length != len) {
                continue; // an IPv4-mapped IPv6 network, which parses as IPv4 on purpose
            }
            String text = HostLiteralFormat.format(netAddress) + "/" + bits;
            Cidr cidr = Cidr.parse(text);
            boolean expected = new BigInteger(1, probe).and(mask).equals(network);
            int round = n;
            assertEquals(expected, cidr.contains(probe), () -> "seed " + seed + " round " + round + ": " + text);
            assertTrue(cidr.contains(net), () -> "seed " + seed + " round " + round + ": " + text);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "80,443,8000-8999  | 80,443,8000-8999",
            "443, 80           | 80,443",
            "1-65535           | 1-65535",
            "80,81,82          | 80-82",
            "8000-8999,8500-9500,9501 | 8000-9501",
            "443,443           | 443",
    })
    void portRangesCanonicalForm(String text, String canonical) {
        assertEquals(canonical, PortRanges.parse(text).toString());
    }

    @Test
    void portRangesContains() {
        PortRanges p = PortRanges.parse("80,443,8000-8999,10000-10010");
        for (int port = 0; port <= 65536; port++) {
            boolean expected = port == 80 || port == 443 || port >= 8000 && port <= 8999 || port >= 10000 && port <= 10010;
            assertEquals(expected, p.contains(port), "port " + port);
            assertEquals(expected, p.test(port), "port " + port);
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "\"\"       | port list is empty",
            "\" \"      | port list is empty",
            "0          | '0' is not a port (expected a number from 1 to 65535)",
            "65536      | '65536' is not a port",
            "99999999999 | '99999999999' is not a port",
            "80-        | '' is not a port",
            "-80        | '' is not a port",
            "+80        | '+80' is not a port",
            "80,        | '' is not a port",
            "1-2-3      | '2-3' is not a port",
            "443-80     | range '443-80' runs backwards",
            "８０       | '８０' is not a port",
    })
    void portRangesRejectWithAClearMessage(String text, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PortRanges.parse(text));
        assertTrue(e.getMessage().contains(message), () -> "expected '" + message + "' in '" + e.getMessage() + "'");
    }

    private static byte[] toBytes(BigInteger v, int len) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[len];
        int copy = Math.min(raw.length, len);
        System.arraycopy(raw, raw.length - copy, out, len - copy, copy);
        return out;
    }

    private static InetAddress ip(String literal) {
        return HostLiteral.parse(literal).address();
    }
}
