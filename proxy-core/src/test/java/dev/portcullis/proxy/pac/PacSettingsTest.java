package dev.portcullis.proxy.pac;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PacSettingsTest {

    @Test
    void defaultsBypassLocalNamesLoopbackAndPrivateRanges() {
        PacSettings d = PacSettings.defaults();
        assertEquals(List.of("localhost", "*.local"), d.bypassDomains());
        assertEquals(List.of("127.0.0.0/8", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"),
                d.bypassCidrs().stream().map(PacCidr::toString).toList());
        assertFalse(d.directFallback());
    }

    @ParameterizedTest
    @CsvSource({"10.0.0.0/8,10.0.0.0,255.0.0.0", "172.16.0.0/12,172.16.0.0,255.240.0.0",
            "192.168.1.7,192.168.1.7,255.255.255.255", "0.0.0.0/0,0.0.0.0,0.0.0.0",
            "100.64.0.0/10,100.64.0.0,255.192.0.0"})
    void cidrsBecomeAddressAndMask(String text, String address, String mask) {
        PacCidr c = PacCidr.parse(text);
        assertEquals(address, c.address());
        assertEquals(mask, c.mask());
    }

    @Test
    void badCidrsAreNamedWithTheProblem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PacCidr.parse("10.0.0.1/8")).getMessage()
                .contains("did you mean 10.0.0.0/8"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PacCidr.parse("fd00::/8")).getMessage()
                .contains("IPv6"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PacCidr.parse("10.0.0.0/33")).getMessage()
                .contains("prefix length"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PacCidr.parse("10.0.0.256/32")).getMessage()
                .contains("'256'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PacCidr.parse("10.0.0/24")).getMessage()
                .contains("dotted IPv4"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "exa mple.com", "\"quote.com", "*.", "a..b", "-bad.com", "*.*.com", "x</script>"})
    void badDomainsAreRefused(String domain) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PacSettings.of(List.of(domain), List.of(), false));
        assertTrue(e.getMessage().contains("PAC bypass domain"), e.getMessage());
    }

    @Test
    void domainsAreLowerCased() {
        assertEquals(List.of("corp.example", "*.example.org", ".intra"),
                PacSettings.of(List.of("Corp.Example", "*.EXAMPLE.org", ".intra"), List.of(), true).bypassDomains());
    }
}
