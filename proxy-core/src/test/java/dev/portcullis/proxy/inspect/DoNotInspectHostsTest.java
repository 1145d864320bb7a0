package dev.portcullis.proxy.inspect;

import dev.portcullis.proxy.decision.GateVerdict;
import dev.portcullis.proxy.errors.ProxyFailure;
import dev.portcullis.proxy.http.Authority;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DoNotInspectHostsTest {
    private final DoNotInspectHosts hosts = new DoNotInspectHosts(List.of("bank.example", "Pinned-App.Example.org"));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "bank.example, true",
            "www.bank.example, true",
            "BANK.example., true",
            "notbank.example, false",
            "bank.example.evil.test, false",
            "pinned-app.example.org, true",
            "example.org, false",
            "courier.push.apple.com, true",
            "apple.com, false",
            "client.dropbox.com, true",
            "example.com, false"})
    void suffixMatchOnLabelBoundaries(String host, boolean exempt) {
        assertEquals(exempt, hosts.matches(host), host);
    }

    @Test
    void decisionInspectsWhatPolicyInspectsUnlessExempt() throws ProxyFailure {
        InspectionDecision decision = new InspectionDecision(hosts);
        GateVerdict inspect = GateVerdict.allowAndInspect("test");
        assertTrue(decision.shouldInspect(inspect, Authority.parse("shop.example:443", -1)));
        assertFalse(decision.shouldInspect(inspect, Authority.parse("www.bank.example:443", -1)));
        assertFalse(decision.shouldInspect(GateVerdict.allow("tls_decrypt off"),
                Authority.parse("shop.example:443", -1)));
        assertFalse(decision.shouldInspect(GateVerdict.block(null, null, "no", false),
                Authority.parse("shop.example:443", -1)));
    }
}
