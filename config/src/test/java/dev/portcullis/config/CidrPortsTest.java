package dev.portcullis.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrPortsTest {

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal.indexOf(':') >= 0 ? "[" + literal + "]" : literal);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            10.0.0.0/8:80-90          | 10.0.0.0/8:80-90
            127.0.0.1/32:18000-18999  | 127.0.0.1/32:18000-18999
            127.0.0.1                 | 127.0.0.1/32
            127.0.0.1:8080            | 127.0.0.1/32:8080
            0.0.0.0/0                 | 0.0.0.0/0
            [::1]/128:8080            | [::1]/128:8080
            [::1]:8080                | [::1]/128:8080
            ::1/128                   | [::1]/128
            ::1                       | [::1]/128
            [2001:DB8::]/32           | [2001:db8::]/32
            fd00::/8                  | [fd00::]/8
            [::ffff:0:0]/96:443       | [::ffff:0:0]/96:443
            """)
    void parsesToCanonicalText(String text, String canonical) {
        CidrPorts c = CidrPorts.parse(text);
        assertEquals(canonical, c.toString());
        assertEquals(c, CidrPorts.parse(canonical));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ""                | empty destination; expected CIDR[:PORTS] such as 10.0.0.0/8:80-90
            10.0.0.1/8        | '10.0.0.1/8' has host bits set below /8; did you mean 10.0.0.0/8?
            [2001:db8::1]/32  | '[2001:db8::1]/32' has host bits set below /32; did you mean 2001:db8::/32?
            10.0.0.0/33       | '10.0.0.0/33': prefix length 33 is out of range 0-32 for an IPv4 address
            [::]/129          | '[::]/129': prefix length 129 is out of range 0-128 for an IPv6 address
            10.0.0.0/         | '10.0.0.0/': prefix length '' is not a number 0-32
            10.0.0.0/x        | '10.0.0.0/x': prefix length 'x' is not a number 0-32
            10.0.0.0/8:0      | '10.0.0.0/8:0': port 0 is out of range 1-65535
            10.0.0.0/8:       | '10.0.0.0/8:': empty port list; expected e.g. 80,443,8000-8999
            ::1/128:8080      | '::1/128:8080': put IPv6 addresses in brackets to add ports, e.g. [::1]/128:8080
            [::1/128]:80      | '[::1/128]:80': put the prefix after the bracket, e.g. [::1]/128:8080
            [::1              | '[::1' has '[' without a closing ']'
            [::1]x            | '[::1]x': expected /PREFIX or :PORTS after ']'
            example.com/24    | 'example.com' is not an IPv4 address (expected four octets such as 10.0.0.1)
            1.2.3/24          | '1.2.3' is not an IPv4 address (expected four octets such as 10.0.0.1)
            ::g/128           | '::g' is not an IPv6 address
            """)
    void rejectsWithAClearMessage(String text, String message) {
        assertEquals(message, assertThrows(ValueParseException.class, () -> CidrPorts.parse(text)).getMessage());
    }

    @Test
    void matchesAddressAndPort() throws Exception {
        CidrPorts c = CidrPorts.parse("127.0.0.1/32:18000-18999");
        assertTrue(c.matches(ip("127.0.0.1"), 18000));
        assertFalse(c.matches(ip("127.0.0.1"), 17999));
        assertFalse(c.matches(ip("127.0.0.2"), 18000));
        assertFalse(c.matches(ip("::1"), 18000));

        CidrPorts v6 = CidrPorts.parse("[::1]/128:8080");
        assertTrue(v6.matches(ip("::1"), 8080));
        assertFalse(v6.matches(ip("::2"), 8080));
        assertFalse(v6.matches(ip("127.0.0.1"), 8080));

        CidrPorts mapped = CidrPorts.parse("[::ffff:0:0]/96");
        assertTrue(mapped.matches(ip("10.1.2.3"), 1), "Java presents mapped addresses as IPv4");
        byte[] raw = new byte[16];
        raw[10] = (byte) 0xff;
        raw[11] = (byte) 0xff;
        raw[12] = 10;
        InetAddress explicitMapped = Inet6Address.getByAddress(null, raw, -1);
        assertTrue(CidrPorts.parse("10.0.0.0/8").matches(explicitMapped, 80));
    }

    /** Differential check against a BigInteger prefix comparison on random blocks and addresses. */
    @Test
    void matchesAReferenceOnRandomBlocks() throws Exception {
        long seed = 0x5EED_0003L;
        Random r = new Random(seed);
        for (int round = 0; round < 2000; round++) {
            int bytes = r.nextBoolean() ? 4 : 16;
            int prefix = r.nextInt(bytes * 8 + 1);
            byte[] net = new byte[bytes];
            r.nextBytes(net);
            BigInteger netInt = new BigInteger(1, net).shiftRight(bytes * 8 - prefix).shiftLeft(bytes * 8 - prefix);
            byte[] masked = toBytes(netInt, bytes);
            String addr = IpLiterals.format(masked);
            String text = (bytes == 16 ? "[" + addr + "]" : addr) + "/" + prefix;
            CidrPorts c = CidrPorts.parse(text);
            assertEquals(c, CidrPorts.parse(c.toString()), "seed " + seed + " " + text);
            for (int probe = 0; probe < 20; probe++) {
                byte[] candidate = probe % 2 == 0 ? masked.clone() : new byte[bytes];
                if (probe % 2 == 0) {
                    // flip one random bit, inside or outside the prefix
                    int bit = r.nextInt(bytes * 8);
                    candidate[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
                } else {
                    r.nextBytes(candidate);
                }
                boolean expected = new BigInteger(1, candidate).shiftRight(bytes * 8 - prefix)
                        .equals(netInt.shiftRight(bytes * 8 - prefix));
                if (bytes == 16 && IpLiterals.unmapped(candidate) != null) {
                    continue; // Java turns these into Inet4Address; covered by matchesAddressAndPort
                }
                InetAddress a = InetAddress.getByAddress(candidate);
                assertEquals(expected, c.matches(a, 443), "seed " + seed + " " + text + " vs " + a);
            }
        }
    }

    private static byte[] toBytes(BigInteger v, int len) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[len];
        int copy = Math.min(len, raw.length);
        System.arraycopy(raw, raw.length - copy, out, len - copy, copy);
        return out;
    }
}
