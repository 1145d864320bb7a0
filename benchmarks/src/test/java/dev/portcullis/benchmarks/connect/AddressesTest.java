package dev.portcullis.benchmarks.connect;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddressesTest {
    @Test
    void parsesV4AndBracketedV6() {
        assertEquals(3128, Addresses.parse("--proxy", "127.0.0.1:3128").getPort());
        assertEquals("127.0.0.1", Addresses.parse("--proxy", "127.0.0.1:3128").getHostString());
        assertEquals(3443, Addresses.parse("--tls-proxy", "[::1]:3443").getPort());
        assertTrue(Addresses.parse("--tls-proxy", "[::1]:3443").getAddress().isLoopbackAddress());
    }

    @Test
    void namesTheOptionAndTheProblem() {
        assertEquals("--proxy '127.0.0.1': expected HOST:PORT", assertThrows(CommandLine.TypeConversionException.class,
                () -> Addresses.parse("--proxy", "127.0.0.1")).getMessage());
        assertEquals("--proxy 'h:x': the port is not a number", assertThrows(CommandLine.TypeConversionException.class,
                () -> Addresses.parse("--proxy", "h:x")).getMessage());
        assertEquals("--tls-proxy 'h:70000': port out of 1-65535", assertThrows(CommandLine.TypeConversionException.class,
                () -> Addresses.parse("--tls-proxy", "h:70000")).getMessage());
    }
}
