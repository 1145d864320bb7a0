package dev.portcullis.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static DaemonConfig expectedDefault() {
        return new DaemonConfig(
                new ProxySection(List.of(HostPort.parse("127.0.0.1:3128")), "portcullis"),
                new AdminSection(HostPort.parse("127.0.0.1:9090"), Optional.empty()),
                new UpstreamSection(List.of(), List.of(), PortRanges.of(80, 443, 8080, 8443),
                        new DnsSection(List.of(), Duration.ofSeconds(5), Duration.ZERO, Duration.ofMinutes(5),
                                Duration.ofSeconds(10)),
                        new PoolSection(16, Duration.ofSeconds(60))),
                new LimitsSection(10_000, 8192, 32768, 65536),
                new TimeoutsSection(Duration.ofSeconds(10), Duration.ofSeconds(120), Duration.ofSeconds(600),
                        Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(30)),
                new PolicySection(Optional.empty(), Optional.empty(), true),
                new InspectionSection(Optional.empty(), Optional.empty(), Duration.ofDays(3), 10_000, List.of()),
                new AccessLogSection(Optional.empty()));
    }

    private static DaemonConfig expectedFull() {
        Path d = Fixtures.dir("valid");
        return new DaemonConfig(
                new ProxySection(List.of(new HostPort("127.0.0.1", 3128), new HostPort("::1", 3128),
                        new HostPort("localhost", 8080)), "gw-1.example",
                        List.of(CidrPorts.parse("10.0.0.0/8"), CidrPorts.parse("fd00::/8"),
                                CidrPorts.parse("192.168.1.7/32")),
                        Optional.of(new HostPort("127.0.0.1", 3129)), Optional.of(d.resolve("org-ca-cert.pem")),
                        Optional.of(d.resolve("org-ca-private.pem"))),
                new AdminSection(new HostPort("0.0.0.0", 9091), Optional.of(d.resolve("admin-token.txt"))),
                new UpstreamSection(List.of(d.resolve("extra-roots.pem")),
                        List.of(CidrPorts.parse("127.0.0.1/32:18000-18999"), CidrPorts.parse("[::1]/128:8080"),
                                CidrPorts.parse("10.20.0.0/16"), CidrPorts.parse("fd00::/8")),
                        PortRanges.parse("443,8443,9000-9100"),
                        new DnsSection(List.of(new HostPort("127.0.0.1", 5353), new HostPort("::1", 53),
                                new HostPort("9.9.9.9", 53)), Duration.ofSeconds(2), Duration.ofSeconds(1),
                                Duration.ofHours(1), Duration.ofSeconds(30)),
                        new PoolSection(4, Duration.ofSeconds(90))),
                new LimitsSection(20_000, 16384, 65536, 1 << 20),
                new TimeoutsSection(Duration.ofSeconds(5), Duration.ofMinutes(2), Duration.ofHours(1),
                        Duration.ofSeconds(3), Duration.ofSeconds(30), Duration.ZERO),
                new PolicySection(Optional.of(d.resolve("org-policy.json")), Optional.of(d.resolve("intelligence.json")),
                        false),
                new InspectionSection(Optional.of(d.resolve("org-ca-cert.pem")), Optional.of(d.resolve("org-ca-private.pem")),
                        Duration.ofHours(36), 50_000, List.of("bank.example", "pinned-app.example.org")),
                new AccessLogSection(Optional.of(d.resolve("logs/access.jsonl").toString())),
                new AuthSection(Optional.of(d.resolve("users.htpasswd")), "Acme Gateway", List.of(
                        new DeviceToken("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                                "laptop-42", Optional.of("ann@acme.example"), Optional.of("Ann"),
                                List.of("finance", "staff"), List.of("disk_encrypted"), List.of("os_current")),
                        new DeviceToken("60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752",
                                "kiosk-1", Optional.empty(), Optional.empty(), List.of(), List.of(), List.of())),
                        4, 64, Duration.ofMinutes(1), 5, Duration.ofMinutes(5)),
                new PacSection(List.of("localhost", ".corp.example", "*.intranet.example"),
                        List.of("10.0.0.0/8", "192.0.2.7/32"), true));
    }

    @Test
    void embeddedDefaultHasTheDocumentedValues() {
        assertEquals(expectedDefault(), ConfigLoader.embeddedDefault());
        assertFalse(ConfigLoader.embeddedDefault().inspection().enabled());
        assertFalse(ConfigLoader.embeddedDefault().accessLog().enabled());
    }

    @Test
    void anEmptyObjectGivesTheDefault() throws ConfigException {
        assertEquals(ConfigLoader.embeddedDefault(), Fixtures.parse("valid", "empty-object.json"));
        assertEquals(ConfigLoader.embeddedDefault(),
                ConfigLoader.parse("inline.yaml", "{}".getBytes(StandardCharsets.UTF_8), Format.YAML));
    }

    @Test
    void yamlOneOneBooleanWordsStayStrings() throws ConfigException {
        String yaml = "proxy:\n  via_pseudonym: yes\npolicy:\n  watch: False\n";
        DaemonConfig c = ConfigLoader.parse("words.yaml", yaml.getBytes(StandardCharsets.UTF_8), Format.YAML);
        assertEquals("yes", c.proxy().viaPseudonym());
        assertFalse(c.policy().watch());
    }

    @Test
    void aNullSectionKeepsItsDefaults() throws ConfigException {
        assertEquals(ConfigLoader.embeddedDefault(), Fixtures.parse("valid", "null-sections.yaml"));
    }

    @Test
    void aPartialFileKeepsDefaultsForEverythingElse() throws ConfigException {
        DaemonConfig c = Fixtures.parse("valid", "partial.yaml");
        assertEquals(ConfigLoader.embeddedDefault()
                .withListen(List.of(HostPort.parse("127.0.0.1:0")))
                .withAdminListen(HostPort.parse("127.0.0.1:0")), c);
    }

    @Test
    void fullYamlExampleParsesToTheExpectedRecord() throws ConfigException {
        DaemonConfig c = Fixtures.parse("valid", "full.yaml");
        assertEquals(expectedFull(), c);
        assertTrue(c.inspection().enabled());
    }

    @Test
    void fullJsonExampleEqualsTheYamlOne() throws ConfigException {
        assertEquals(expectedFull(), Fixtures.parse("valid", "full.json"));
        assertEquals(Fixtures.parse("valid", "full.yaml"), Fixtures.parse("valid", "full.json"));
    }

    @Test
    void loadResolvesRelativePathsAgainstTheFilesDirectory() throws ConfigException {
        DaemonConfig c = ConfigLoader.load(Fixtures.dir("valid").resolve("full.yaml"));
        assertEquals(expectedFull(), c);
        assertTrue(c.policy().file().orElseThrow().isAbsolute());
    }

    @Test
    void loadNamesTheFileWhenItCannotBeUsed(@TempDir Path tmp) throws Exception {
        ConfigException missing = assertThrows(ConfigException.class, () -> ConfigLoader.load(tmp.resolve("nope.yaml")));
        assertEquals(List.of(tmp.resolve("nope.yaml") + ": file not found"), missing.problems());

        Path toml = Files.writeString(tmp.resolve("portcullis.toml"), "x = 1");
        ConfigException ext = assertThrows(ConfigException.class, () -> ConfigLoader.load(toml));
        assertEquals(List.of(toml + ": unsupported file extension; use .json, .yaml or .yml"), ext.problems());

        Path yml = Files.writeString(tmp.resolve("p.YML"), "limits:\n  max_connections: 0\n");
        ConfigException bad = assertThrows(ConfigException.class, () -> ConfigLoader.load(yml));
        assertEquals(List.of(yml + ":2:20 /limits/max_connections: must be between 1 and 1000000, got 0"),
                bad.problems());
    }

    @Test
    void overridesApplyAndValidateChecksCrossFieldRules() throws ConfigException {
        Path d = Fixtures.dir("valid");
        DaemonConfig c = ConfigLoader.embeddedDefault()
                .withListen(List.of(HostPort.parse("[::1]:0")))
                .withAllowDestinations(List.of(CidrPorts.parse("127.0.0.1/32:18000-18999")))
                .withPolicyFile(d.resolve("org-policy.json"))
                .withAccessLogPath("-");
        assertEquals(c, c.validate());
        assertTrue(c.accessLog().toStdout());

        DaemonConfig bad = c.withAdminListen(HostPort.parse("0.0.0.0:9090"))
                .withListen(List.of(HostPort.parse("127.0.0.1:9090")))
                .withCaCert(d.resolve("org-ca-cert.pem"))
                .withPolicyFile(d.resolve("no-such-policy.json"));
        ConfigException e = assertThrows(ConfigException.class, bad::validate);
        assertEquals(List.of(
                "effective configuration /proxy/listen/0: 127.0.0.1:9090 collides with the admin listener"
                        + " /admin/listen (0.0.0.0:9090)",
                "effective configuration /admin/listen: 0.0.0.0:9090 is not a loopback address, so"
                        + " /admin/token_file must be set",
                "effective configuration /inspection/ca_cert: inspection needs both ca_cert and ca_key;"
                        + " ca_key is not set",
                "effective configuration /policy/file: file not found: " + d.resolve("no-such-policy.json")),
                e.problems());
    }

    @Test
    void withersRejectOutOfRangeValuesImmediately() {
        DaemonConfig c = ConfigLoader.embeddedDefault();
        ValueParseException e = assertThrows(ValueParseException.class, () -> c.withMaxConnections(0));
        assertEquals("must be between 1 and 1000000, got 0", e.getMessage());
        assertThrows(ValueParseException.class, () -> c.withListen(List.of()));
        assertThrows(ValueParseException.class, () -> c.withViaPseudonym("two words"));
        assertThrows(ValueParseException.class, () -> c.withDnsServers(List.of(HostPort.parse("1.1.1.1:0"))));
    }

    @Test
    void oversizedContentIsRefusedBeforeParsing() {
        byte[] big = new byte[DocumentReader.MAX_BYTES + 1];
        java.util.Arrays.fill(big, (byte) ' ');
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("big.yaml", big, Format.YAML));
        assertEquals(List.of("big.yaml: file is 1048577 bytes; the limit is 1048576"), e.problems());
    }

    @Test
    void problemsAreCappedWithACount() {
        StringBuilder yaml = new StringBuilder("proxy:\n");
        for (int i = 0; i < Problems.CAP + 7; i++) {
            yaml.append("  unknown_").append(i).append(": 1\n");
        }
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse("many.yaml", yaml.toString().getBytes(StandardCharsets.UTF_8), Format.YAML));
        assertEquals(Problems.CAP + 1, e.problems().size());
        assertEquals("many.yaml:2:3 /proxy/unknown_0: unknown key 'unknown_0'; expected one of: listen, via_pseudonym,"
                        + " allowed_sources, tls_listen, tls_cert, tls_key, tls_client_ca, tls_client_auth",
                e.problems().get(0));
        assertEquals("... and 7 more problems", e.problems().get(Problems.CAP));
        assertTrue(e.getMessage().startsWith((Problems.CAP + 1) + " configuration problems:\n  many.yaml:2:3 "),
                e.getMessage());
    }
}
