package dev.portcullis.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PortRangesTest {

    @Test
    void containsListedPortsAndRangeEnds() {
        PortRanges p = PortRanges.parse("80,443,8000-8999");
        assertTrue(p.contains(80));
        assertTrue(p.contains(443));
        assertTrue(p.contains(8000));
        assertTrue(p.contains(8999));
        assertFalse(p.contains(79));
        assertFalse(p.contains(444));
        assertFalse(p.contains(9000));
        assertFalse(p.contains(0));
        assertFalse(p.contains(70000));
        assertEquals("80,443,8000-8999", p.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            443, 80              | 80,443
            1-65535              | 1-65535
            10-20,15-30,31       | 10-31
            8443,8443            | 8443
            """)
    void normalisesToSortedMergedText(String text, String canonical) {
        assertEquals(canonical, PortRanges.parse(text).toString());
        assertEquals(PortRanges.parse(text), PortRanges.parse(canonical));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ""          | empty port list; expected e.g. 80,443,8000-8999
            80,,443     | empty entry in port list '80,,443'
            80,         | empty entry in port list '80,'
            0           | port 0 is out of range 1-65535
            65536       | port 65536 is out of range 1-65535
            90-80       | port range '90-80' is reversed; write 80-90
            http        | 'http' is not a port or port range (expected e.g. 80,443,8000-8999)
            80-         | '80-' is not a port or port range (expected e.g. 80,443,8000-8999)
            -80         | '-80' is not a port or port range (expected e.g. 80,443,8000-8999)
            1-2-3       | '1-2-3' is not a port or port range (expected e.g. 80,443,8000-8999)
            999999      | '999999' is not a port or port range (expected e.g. 80,443,8000-8999)
            """)
    void rejectsWithAClearMessage(String text, String message) {
        assertEquals(message, assertThrows(ValueParseException.class, () -> PortRanges.parse(text)).getMessage());
    }

    @Test
    void matchesABitSetReferenceOnRandomLists() {
        long seed = 0x5EED_0002L;
        Random r = new Random(seed);
        for (int round = 0; round < 300; round++) {
            BitSet reference = new BitSet();
            StringBuilder text = new StringBuilder();
            int entries = 1 + r.nextInt(8);
            for (int e = 0; e < entries; e++) {
                int lo = 1 + r.nextInt(65535);
                int hi = r.nextBoolean() ? lo : Math.min(65535, lo + r.nextInt(2000));
                reference.set(lo, hi + 1);
                text.append(e == 0 ? "" : ",").append(lo == hi ? String.valueOf(lo) : lo + "-" + hi);
            }
            PortRanges p = PortRanges.parse(text.toString());
            for (int port = 0; port <= 65536; port++) {
                if (p.contains(port) != reference.get(port)) {
                    throw new AssertionError("seed " + seed + " round " + round + " '" + text + "' port " + port);
                }
            }
            assertEquals(p, PortRanges.parse(p.toString()), "seed " + seed + " '" + text + "'");
        }
    }
}
