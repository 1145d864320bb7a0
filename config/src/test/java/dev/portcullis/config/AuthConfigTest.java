package dev.portcullis.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code auth} and {@code proxy.allowed_sources}: defaults, the open-proxy rule, overrides. */
class AuthConfigTest {

    private static DaemonConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse("t.yaml", yaml.getBytes(StandardCharsets.UTF_8), Format.YAML,
                Fixtures.dir("valid"));
    }

    @Test
    void theDefaultAsksForNoCredentialsAndAcceptsAnySource() {
        DaemonConfig c = ConfigLoader.embeddedDefault();
        assertFalse(c.auth().enabled());
        assertEquals(AuthSection.DEFAULT, c.auth());
        assertEquals(List.of(), c.proxy().allowedSources());
    }

    @Test
    void aWildcardListenerIsFineOnceCredentialsOrSourceRangesRestrictIt() throws ConfigException {
        String listen = "proxy:\n  listen: [\"0.0.0.0:3128\"]\n";
        assertTrue(parse(listen + "auth:\n  users_file: users.htpasswd\n").auth().enabled());
        assertTrue(parse(listen + "auth:\n  device_tokens:\n    - sha256: \"" + "ab".repeat(32)
                + "\"\n      device_id: d1\n").auth().enabled());
        assertEquals(List.of(CidrPorts.parse("10.0.0.0/8")),
                parse(listen + "  allowed_sources: [\"10.0.0.0/8\"]\n").proxy().allowedSources());
        ConfigException open = assertThrows(ConfigException.class, () -> parse(listen));
        assertEquals(1, open.problems().size());
        assertTrue(open.problems().get(0).startsWith("t.yaml:2:12 /proxy/listen/0: 0.0.0.0:3128 is not a loopback"
                + " address and nothing restricts who may use it, which makes an open proxy;"), open.problems().get(0));
    }

    @Test
    void overridesAreCheckedForTheOpenProxyRuleToo() throws ConfigException {
        DaemonConfig open = ConfigLoader.embeddedDefault().withListen(List.of(HostPort.parse("[::]:3128")));
        ConfigException e = assertThrows(ConfigException.class, open::validate);
        assertTrue(e.problems().get(0).startsWith("effective configuration /proxy/listen/0: [::]:3128 is not a"
                + " loopback address"), e.problems().get(0));
        DaemonConfig withUsers = open.withAuthUsersFile(Fixtures.dir("valid").resolve("users.htpasswd"));
        assertEquals(withUsers, withUsers.validate());
        DaemonConfig withSources = open.withAllowedSources(List.of(ProxySection.parseSource("192.0.2.0/24")));
        assertEquals(withSources, withSources.validate());
    }

    @Test
    void sourceRangesTakeNoPortsAndTokensMustBeHashes() {
        ValueParseException ports = assertThrows(ValueParseException.class,
                () -> ProxySection.parseSource("10.0.0.0/8:80"));
        assertEquals("'10.0.0.0/8:80': a source range takes no ports; write just the CIDR, e.g. 10.0.0.0/8",
                ports.getMessage());
        assertThrows(ValueParseException.class, () -> DeviceToken.parseSha256("ab".repeat(31)));
        assertEquals("ab".repeat(32), DeviceToken.parseSha256("AB".repeat(32)));
    }

    @Test
    void aTokenMayLeaveOutEverythingButItsHashAndDevice() throws ConfigException {
        DaemonConfig c = parse("auth:\n  device_tokens:\n    - {sha256: \"" + "0f".repeat(32)
                + "\", device_id: kiosk, email: null}\n");
        DeviceToken t = c.auth().deviceTokens().get(0);
        assertEquals("kiosk", t.deviceId());
        assertTrue(t.email().isEmpty());
        assertEquals(List.of(), t.groups());
    }

    @Test
    void clientCertificatesAreOffByDefaultAndRequireWhenACaIsGiven() throws ConfigException {
        DaemonConfig none = ConfigLoader.embeddedDefault();
        assertTrue(none.proxy().tlsClientCa().isEmpty());
        assertEquals(TlsClientAuth.REQUIRE, none.proxy().tlsClientAuth());
        DaemonConfig c = parse("proxy:\n  tls_listen: \"127.0.0.1:3443\"\n  tls_cert: users.htpasswd\n"
                + "  tls_key: users.htpasswd\n  tls_client_ca: extra-roots.pem\n  tls_client_auth: OPTIONAL\n"
                + "auth:\n  client_certs:\n    - {match: build-agent-7, groups: [ci]}\n");
        assertEquals(TlsClientAuth.OPTIONAL, c.proxy().tlsClientAuth());
        assertTrue(c.proxy().tlsClientCa().orElseThrow().endsWith("extra-roots.pem"));
        ClientCertMapping m = c.auth().clientCerts().get(0);
        assertEquals("build-agent-7", m.match());
        assertTrue(m.email().isEmpty());
        assertEquals(List.of("ci"), m.groups());
    }
}
