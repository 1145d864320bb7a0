package dev.portcullis.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HostPortTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            127.0.0.1:3128       | 127.0.0.1     | 3128
            [::1]:3128           | ::1           | 3128
            localhost:8080       | localhost     | 8080
            0.0.0.0:0            | 0.0.0.0       | 0
            [::]:65535           | ::            | 65535
            [2001:db8::1]:443    | 2001:db8::1   | 443
            proxy-1.Example.org:1| proxy-1.Example.org | 1
            [::ffff:10.0.0.1]:80 | ::ffff:10.0.0.1 | 80
            """)
    void parsesAndRoundTrips(String text, String host, int port) {
        HostPort hp = HostPort.parse(text);
        assertEquals(new HostPort(host, port), hp);
        assertEquals(text, hp.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ""                 | empty address; expected HOST:PORT such as 127.0.0.1:3128
            127.0.0.1          | '127.0.0.1' has no port; expected HOST:PORT such as 127.0.0.1:3128
            :3128              | ':3128' has no host; expected HOST:PORT such as 127.0.0.1:3128
            127.0.0.1:         | '127.0.0.1:': port '' is not a number 0-65535
            127.0.0.1:65536    | '127.0.0.1:65536': port must be between 0 and 65535, got 65536
            127.0.0.1:-1       | '127.0.0.1:-1': port '-1' is not a number 0-65535
            127.0.0.1:99999999 | '127.0.0.1:99999999': port '99999999' is not a number 0-65535
            ::1:3128           | '::1:3128': put IPv6 addresses in brackets, e.g. [::1]:3128
            [::1               | '[::1' has '[' without a closing ']'
            [::1]3128          | '[::1]3128': expected ':PORT' after ']'
            [::1]              | '[::1]' has no port; expected HOST:PORT such as 127.0.0.1:3128
            [1.2.3.4]:80       | '1.2.3.4' is not an IPv6 address
            [fe80::1%eth0]:80  | 'fe80::1%eth0': IPv6 zone ids (%...) are not supported
            256.0.0.1:80       | '256.0.0.1' is not an IPv4 address (octet 256 is above 255)
            127.1:80           | '127.1' is not an IPv4 address (expected four octets such as 10.0.0.1)
            under_score:80     | 'under_score' is not a valid host name (letters, digits, '-' and '.' only; labels of 1-63 characters)
            -bad.example:80    | '-bad.example' is not a valid host name (letters, digits, '-' and '.' only; labels of 1-63 characters)
            a..b:80            | 'a..b' is not a valid host name (letters, digits, '-' and '.' only; labels of 1-63 characters)
            """)
    void rejectsWithAClearMessage(String text, String message) {
        ValueParseException e = assertThrows(ValueParseException.class, () -> HostPort.parse(text));
        assertEquals(message, e.getMessage());
    }

    @Test
    void defaultPortFormAcceptsBareIpv6AndOmittedPorts() {
        assertEquals(new HostPort("2001:db8::53", 53), HostPort.parse("2001:db8::53", 53));
        assertEquals(new HostPort("9.9.9.9", 53), HostPort.parse("9.9.9.9", 53));
        assertEquals(new HostPort("::1", 5353), HostPort.parse("[::1]:5353", 53));
        assertEquals("'1.1.1.1:0': a DNS server port must be between 1 and 65535",
                assertThrows(ValueParseException.class, () -> DnsSection.parseServer("1.1.1.1:0")).getMessage());
    }

    @Test
    void collisionsFollowBindSemantics() {
        HostPort a = HostPort.parse("127.0.0.1:3128");
        assertTrue(a.collidesWith(HostPort.parse("127.0.0.1:3128")));
        assertTrue(a.collidesWith(HostPort.parse("0.0.0.0:3128")));
        assertTrue(a.collidesWith(HostPort.parse("[::]:3128")));
        assertTrue(a.collidesWith(HostPort.parse("localhost:3128")));
        assertTrue(HostPort.parse("[::1]:80").collidesWith(HostPort.parse("[0:0:0:0:0:0:0:1]:80")));
        assertTrue(HostPort.parse("0.0.0.0:80").collidesWith(HostPort.parse("[::]:80")), "[::] is dual-stack");
        assertTrue(HostPort.parse("[::]:80").collidesWith(HostPort.parse("[::1]:80")));
        assertTrue(HostPort.parse("0.0.0.0:80").collidesWith(HostPort.parse("proxy.example:80")));
        assertFalse(HostPort.parse("0.0.0.0:80").collidesWith(HostPort.parse("[::1]:80")), "0.0.0.0 is IPv4 only");
        assertFalse(HostPort.parse("[::1]:80").collidesWith(HostPort.parse("0.0.0.0:80")));
        assertFalse(a.collidesWith(HostPort.parse("127.0.0.2:3128")));
        assertFalse(a.collidesWith(HostPort.parse("127.0.0.1:3129")));
        assertFalse(HostPort.parse("127.0.0.1:0").collidesWith(HostPort.parse("127.0.0.1:0")));
        assertFalse(HostPort.parse("a.example:80").collidesWith(HostPort.parse("b.example:80")));
    }

    @Test
    void loopbackAndWildcard() {
        assertTrue(HostPort.parse("127.9.9.9:1").isLoopback());
        assertTrue(HostPort.parse("[::1]:1").isLoopback());
        assertTrue(HostPort.parse("LocalHost:1").isLoopback());
        assertFalse(HostPort.parse("10.0.0.1:1").isLoopback());
        assertTrue(HostPort.parse("[::]:1").isWildcard());
        assertFalse(HostPort.parse("[::1]:1").isWildcard());
    }

    @Test
    void literalSocketAddressesNeverResolve() {
        assertEquals(3128, HostPort.parse("[::1]:3128").toSocketAddress().getPort());
        assertEquals(InetAddress.getLoopbackAddress().getClass(),
                HostPort.parse("127.0.0.1:1").toSocketAddress().getAddress().getClass());
        assertFalse(HostPort.parse("10.1.2.3:1").toSocketAddress().isUnresolved());
    }

    @Test
    void randomAddressesRoundTrip() {
        long seed = 0x5EED_0001L;
        Random r = new Random(seed);
        for (int i = 0; i < 2000; i++) {
            byte[] raw = new byte[r.nextBoolean() ? 4 : 16];
            r.nextBytes(raw);
            String host = IpLiterals.format(raw);
            int port = r.nextInt(65536);
            HostPort hp = new HostPort(host, port);
            String text = hp.toString();
            assertEquals(hp, HostPort.parse(text), "seed " + seed + " text " + text);
            assertEquals(text, HostPort.parse(text).toString(), "seed " + seed);
        }
    }
}
