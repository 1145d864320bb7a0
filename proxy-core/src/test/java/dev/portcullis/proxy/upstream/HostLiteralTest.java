package dev.portcullis.proxy.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostLiteralTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "127.0.0.1          | 127.0.0.1",
            "127.0.0.1.         | 127.0.0.1",
            "127.1              | 127.0.0.1",
            "127.0.1            | 127.0.0.1",
            "10.1               | 10.0.0.1",
            "10.0.258           | 10.0.1.2",
            "2130706433         | 127.0.0.1",
            "0x7f000001         | 127.0.0.1",
            "0X7F000001         | 127.0.0.1",
            "0x7f.0.0.1         | 127.0.0.1",
            "0X7F.1             | 127.0.0.1",
            "0x7f.0x0.0x0.0x1   | 127.0.0.1",
            "0177.0.0.1         | 127.0.0.1",
            "0177.1             | 127.0.0.1",
            "017700000001       | 127.0.0.1",
            "00000177.0.0.01    | 127.0.0.1",
            "0x7f.0.1           | 127.0.0.1",
            "0177.0x0.1         | 127.0.0.1",
            "2852039166         | 169.254.169.254",
            "0xa9fea9fe         | 169.254.169.254",
            "0251.0376.0251.0376 | 169.254.169.254",
            "169.254.43518      | 169.254.169.254",
            "0xa9.0xfe.0xa9fe   | 169.254.169.254",
            "169.16689662       | 169.254.169.254",
            "0                  | 0.0.0.0",
            "0x                 | 0.0.0.0",
            "0.0.0.0            | 0.0.0.0",
            "4294967295         | 255.255.255.255",
            "0xffffffff         | 255.255.255.255",
            "037777777777       | 255.255.255.255",
            "255.255.255.255    | 255.255.255.255",
            "8.8.8.8            | 8.8.8.8",
            "1.2.3.4.           | 1.2.3.4",
    })
    void ipv4InEveryInetAtonForm(String host, String expected) throws Exception {
        HostLiteral h = HostLiteral.parse(host);
        assertEquals(HostLiteral.Kind.IPV4, h.kind(), () -> host + ": " + h);
        assertEquals(InetAddress.getByName(expected), h.address(), host);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "[::1]                   | ::1",
            "::1                     | ::1",
            "[::]                    | ::",
            "[::ffff:127.0.0.1]      | 127.0.0.1",
            "[::ffff:7f00:1]         | 127.0.0.1",
            "[::FFFF:7F00:0001]      | 127.0.0.1",
            "[::127.0.0.1]           | ::7f00:1",
            "[2002:7f00:1::]         | 2002:7f00:1::",
            "[64:ff9b::7f00:1]       | 64:ff9b::7f00:1",
            "[64:ff9b::127.0.0.1]    | 64:ff9b::7f00:1",
            "[2001:0:4136:e378:8000:63bf:80ff:fffe] | 2001:0:4136:e378:8000:63bf:80ff:fffe",
            "[0:0:0:0:0:0:0:1]       | ::1",
            "[0000:0000:0000:0000:0000:0000:0000:0001] | ::1",
            "[fe80::1]               | fe80::1",
            "[1::]                   | 1::",
            "[1:2:3:4:5:6:7::]       | 1:2:3:4:5:6:7:0",
            "[::2:3:4:5:6:7:8]       | 0:2:3:4:5:6:7:8",
            "[1:2:3:4:5:6:1.2.3.4]   | 1:2:3:4:5:6:102:304",
            "[1::1.2.3.4]            | 1::102:304",
            "[::1.2.3.4]             | ::102:304",
            "2606:4700::1111         | 2606:4700::1111",
            "[2606:4700:0:0:0:0:0:1111] | 2606:4700::1111",
    })
    void ipv6WithAndWithoutBrackets(String host, String expected) throws Exception {
        HostLiteral h = HostLiteral.parse(host);
        assertEquals(HostLiteral.Kind.IPV6, h.kind(), () -> host + ": " + h);
        // The oracle parses only literals we have written ourselves, so it never reaches DNS.
        assertEquals(InetAddress.getByName(expected), h.address(), host);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "example.com          | example.com",
            "Example.COM.         | example.com",
            "a                    | a",
            "localhost            | localhost",
            "my_host.internal     | my_host.internal",
            "xn--bcher-kva.example | xn--bcher-kva.example",
            "0x7f.example.com     | 0x7f.example.com",
            "127.0.0.1.nip.io     | 127.0.0.1.nip.io",
            "1e1                  | 1e1",
            "0x7g                 | 0x7g",
            "123abc               | 123abc",
            "a-b.c-d              | a-b.c-d",
    })
    void names(String host, String expected) {
        HostLiteral h = HostLiteral.parse(host);
        assertEquals(HostLiteral.Kind.NAME, h.kind(), () -> host + ": " + h);
        assertEquals(expected, h.name());
        assertFalse(h.isAddress());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "256.1.1.1            | part 1 '256' is out of range",
            "1.2.3.256            | part 4 '256' is out of range",
            "1.2.65536            | part 3 '65536' is out of range",
            "1.16777216           | part 2 '16777216' is out of range",
            "1.2.3.4.5            | it has 5 parts, at most 4",
            "0x1ffffffff          | out of range",
            "4294967296           | out of range",
            "99999999999999999999999 | out of range",
            "08.1.1.1             | part 1 '08' is not a valid octal number (a leading 0 means octal)",
            "1.1.1.09             | not a valid octal number",
            "0x7g.1               | part 1 '0x7g' is not a valid hex number",
            "foo.1                | part 1 'foo' is not a valid decimal number",
            "1..1                 | part 2 is empty",
            ".1                   | part 1 is empty",
            "127.0.0.1..          | empty label",
            "example.123          | ends in a number",
            "fe80::1%eth0         | zone ids are not allowed",
            "[fe80::1%25eth0]     | zone ids are not allowed",
            "[::1                 | no closing ']'",
            "[127.0.0.1]          | brackets are only for IPv6",
            "[example.com]        | unexpected character 'x'",
            "1:2:3:4:5:6:7:8:9    | 9 groups",
            "1:2:3:4:5:6:7        | 7 groups",
            "1::2::3              | '::' may appear only once",
            ":::1                 | '::' may appear only once",
            ":1:2:3:4:5:6:7       | empty group",
            "1:2:3:4:5:6:7:       | empty group",
            "[12345::1]           | more than 4 hex digits",
            "[1:2:3:4:5:6:7::8]   | at least one zero group",
            "[::ffff:127.1]       | must have 4 decimal parts",
            "[::ffff:0177.0.0.1]  | invalid byte '0177'",
            "[::ffff:256.0.0.1]   | invalid byte '256'",
            "[::1.2.3.4:5]        | only allowed as the last 32 bits",
            "[::g]                | unexpected character 'g'",
            "[]                   | it is empty",
            "exa%6dple.com        | percent-encoding",
            "exa mple.com         | control or space character",
            "bücher.example       | non-ASCII character",
            "ex..com              | empty label",
            "-foo.com             | starts or ends with '-'",
            "foo-.com             | starts or ends with '-'",
            "foo/bar              | contains '/'",
            "user@host            | contains '@'",
            ".                    | host name is empty",
            "foo..                | empty label",
    })
    void invalid(String host, String message) {
        HostLiteral h = HostLiteral.parse(host);
        assertEquals(HostLiteral.Kind.INVALID, h.kind(), () -> host + ": " + h);
        assertTrue(h.error().contains(message), () -> host + ": expected '" + message + "' in '" + h.error() + "'");
        assertThrows(IllegalStateException.class, h::address);
        assertThrows(IllegalStateException.class, h::name);
    }

    @Test
    void emptyAndNullAreInvalid() {
        assertEquals("host is empty", HostLiteral.parse("").error());
        assertEquals("host is empty", HostLiteral.parse(null).error());
    }

    @Test
    void caseFoldingCannotTurnNonAsciiIntoAscii() {
        // U+212A KELVIN SIGN lower-cases to 'k'; U+0130 to "i" plus a combining dot.
        assertEquals(HostLiteral.Kind.INVALID, HostLiteral.parse("\u212Aexample.com").kind());
        assertEquals(HostLiteral.Kind.INVALID, HostLiteral.parse("\u0130.com").kind());
        // Full-width digits are digits to Character.digit, but no resolver reads them as an address.
        assertEquals(HostLiteral.Kind.INVALID, HostLiteral.parse("\uFF11\uFF12\uFF17.0.0.1").kind());
    }

    @Test
    void lengthLimits() {
        String label63 = "a".repeat(63);
        assertEquals(HostLiteral.Kind.NAME, HostLiteral.parse(label63 + ".com").kind());
        assertTrue(HostLiteral.parse("a".repeat(64) + ".com").error().contains("64 characters long, at most 63"));
        String name253 = (label63 + ".").repeat(3) + "a".repeat(61);
        assertEquals(253, name253.length());
        assertEquals(HostLiteral.Kind.NAME, HostLiteral.parse(name253).kind());
        assertEquals(HostLiteral.Kind.NAME, HostLiteral.parse(name253 + ".").kind(), "trailing dot not counted");
        assertTrue(HostLiteral.parse(name253 + "a").error().contains("254 characters long, at most 253"));
    }

    /** Every inet_aton spelling of a random address decodes to that address. */
    @Test
    void randomInetAtonEncodingsDecodeToTheirAddress() throws Exception {
        long seed = 0x5eed_1234L;
        Random random = new Random(seed);
        for (int n = 0; n < 5_000; n++) {
            byte[] bytes = new byte[4];
            random.nextBytes(bytes);
            String encoded = inetAton(bytes, random);
            HostLiteral h = HostLiteral.parse(encoded);
            int round = n;
            assertEquals(InetAddress.getByAddress(bytes), h.isAddress() ? h.address() : null,
                    () -> "seed " + seed + " round " + round + ": '" + encoded + "' parsed as " + h);
        }
    }

    /** Random IPv6 addresses written fully, compressed (ours), or with a dotted tail all parse back. */
    @Test
    void randomIpv6SpellingsRoundTrip() throws Exception {
        long seed = 0x6666_0001L;
        Random random = new Random(seed);
        for (int n = 0; n < 5_000; n++) {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            // Zero runs make compression interesting.
            for (int i = 0; i < 16; i += 2) {
                if (random.nextInt(3) == 0) {
                    bytes[i] = 0;
                    bytes[i + 1] = 0;
                }
            }
            InetAddress expected = InetAddress.getByAddress(bytes);
            String full = InetAddress.getByAddress(null, bytes).getHostAddress();
            String compressed = HostLiteralFormat.format(expected);
            String dotted = full.substring(0, full.lastIndexOf(':', full.lastIndexOf(':') - 1) + 1)
                    + (bytes[12] & 0xff) + "." + (bytes[13] & 0xff) + "." + (bytes[14] & 0xff) + "." + (bytes[15] & 0xff);
            int round = n;
            for (String spelling : new String[] {full, "[" + full.toUpperCase() + "]", compressed, "[" + compressed + "]", dotted}) {
                HostLiteral h = HostLiteral.parse(spelling);
                assertEquals(expected, h.isAddress() ? h.address() : null,
                        () -> "seed " + seed + " round " + round + ": '" + spelling + "' parsed as " + h);
            }
            // And the JDK agrees with our compressed form (a literal, so no lookup).
            assertEquals(expected, InetAddress.getByName(compressed), "seed " + seed + " round " + round);
        }
    }

    @Test
    void formatIsRfc5952() throws Exception {
        assertEquals("::1", HostLiteralFormat.format(InetAddress.getByName("0:0:0:0:0:0:0:1")));
        assertEquals("::", HostLiteralFormat.format(InetAddress.getByName("::")));
        assertEquals("2001:db8::1:0:0:1", HostLiteralFormat.format(InetAddress.getByName("2001:db8:0:0:1:0:0:1")));
        assertEquals("2001:db8:0:1:1:1:1:1", HostLiteralFormat.format(InetAddress.getByName("2001:db8:0:1:1:1:1:1")));
        assertEquals("[fe80::1]:443", HostLiteralFormat.format(InetAddress.getByName("fe80::1"), 443));
        assertEquals("10.0.0.1:80", HostLiteralFormat.format(InetAddress.getByName("10.0.0.1"), 80));
    }

    private static String inetAton(byte[] b, Random random) {
        long value = ((b[0] & 0xffL) << 24) | ((b[1] & 0xffL) << 16) | ((b[2] & 0xffL) << 8) | (b[3] & 0xffL);
        int parts = 1 + random.nextInt(4);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts; i++) {
            boolean last = i == parts - 1;
            long part = last ? value & (0xFFFF_FFFFL >>> (8 * i)) : (value >>> (8 * (3 - i))) & 0xff;
            if (i > 0) {
                sb.append('.');
            }
            switch (random.nextInt(3)) {
                case 0 -> sb.append(part);
                case 1 -> sb.append(random.nextBoolean() ? "0x" : "0X").append(Long.toHexString(part));
                default -> sb.append('0').append(Long.toOctalString(part));
            }
        }
        return random.nextInt(10) == 0 ? sb + "." : sb.toString();
    }
}
