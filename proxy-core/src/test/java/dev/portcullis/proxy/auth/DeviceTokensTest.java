package dev.portcullis.proxy.auth;

import dev.portcullis.config.DeviceToken;
import dev.portcullis.policy.gateway.Identity;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DeviceTokensTest {
    @Test
    void aTokenMatchesItsHashOnlyAndCarriesTheDevicePosture() {
        String hash = HexFormat.of().formatHex(DeviceTokens.sha256("tok-1"));
        DeviceTokens t = new DeviceTokens(List.of(
                new DeviceToken(HexFormat.of().formatHex(DeviceTokens.sha256("other")), "d0", Optional.empty(),
                        Optional.empty(), List.of(), List.of(), List.of()),
                new DeviceToken(hash, "laptop-1", Optional.of("ann@acme.example"), Optional.of("Ann"),
                        List.of("finance"), List.of("disk_encrypted"), List.of("os_current"))));
        assertEquals(new Identity("ann@acme.example", "Ann", List.of(new Identity.Group(null, "finance", null)),
                "laptop-1", Set.of("disk_encrypted"), Set.of("os_current")), t.match("tok-1"));
        assertNull(t.match("tok-2"));
        assertNull(t.match(hash), "the hash itself is not a token");
        assertEquals("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                HexFormat.of().formatHex(DeviceTokens.sha256("test")), "sha256sum of 'test'");
    }
}
