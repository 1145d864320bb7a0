package dev.portcullis.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code orgs} section: what binds, and one fixture per defect with the exact problems an operator sees. */
class OrgsConfigTest {

    static Stream<Arguments> defects() {
        return Stream.of(
                arguments("overlap.yaml", List.of(
                        "overlap.yaml:9:70 /orgs/1/endpoints/0/source_cidrs/1: '10.1.0.0/16' overlaps '10.0.0.0/8' of organisation 'a' (/orgs/0/endpoints/0/source_cidrs/0) on listener 'http'; source ranges of different organisations on one listener must not overlap")),
                arguments("duplicate-id.yaml", List.of(
                        "duplicate-id.yaml:5:9 /orgs/1/id: duplicate organisation id 'a' (also /orgs/0/id)")),
                arguments("unknown-listener.yaml", List.of(
                        "unknown-listener.yaml:6:19 /orgs/0/endpoints/0/listener: unknown listener 'htps'; expected 'http' (the proxy.listen addresses) or 'https' (proxy.tls_listen); did you mean 'https'?")),
                arguments("https-without-tls-listen.yaml", List.of(
                        "https-without-tls-listen.yaml:6:31 /orgs/0/endpoints/1/listener: 'https' names the HTTPS listener, but proxy.tls_listen is not set")),
                arguments("duplicate-endpoint.yaml", List.of(
                        "duplicate-endpoint.yaml:7:24 /orgs/1/endpoints/0/name: duplicate endpoint name 'office' (also /orgs/0/endpoints/0/name); policy tells endpoints apart by name")),
                arguments("shared-without-credentials.yaml", List.of(
                        "shared-without-credentials.yaml:8:17 /orgs/1/endpoints/0: organisation 'b' shares listener 'http' with 'a' without source_cidrs, so its clients can only be told apart by credentials, and it has none: set auth.users_file or auth.device_tokens, or source_cidrs")),
                arguments("no-policy.yaml", List.of(
                        "no-policy.yaml:3:13 /orgs/0/policy: organisation 'a' needs its own policy: set file or url")),
                arguments("policy-file-and-url.yaml", List.of(
                        "policy-file-and-url.yaml:5:12 /orgs/0/policy/url: file and url exclude each other; set one of them")),
                arguments("top-level-policy.yaml", List.of(
                        "top-level-policy.yaml:2:9 /policy/file: policy.file is not used when orgs are configured: each organisation names its own in orgs[].policy.file; move it there")),
                arguments("bad-id.yaml", List.of(
                        "bad-id.yaml:2:9 /orgs/0/id: 'Acme Corp' is not a valid name: use 1 to 63 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit")),
                arguments("missing-endpoints.yaml", List.of(
                        "missing-endpoints.yaml:2:5 /orgs/0: missing key 'endpoints'",
                        "missing-endpoints.yaml:4:5 /orgs/0/endpoint: unknown key 'endpoint'; did you mean 'endpoints'?")),
                arguments("users-file-missing.yaml", List.of(
                        "users-file-missing.yaml:4:24 /orgs/0/auth/users_file: file not found: {dir}/nope.htpasswd")),
                arguments("device-shared.yaml", List.of(
                        "device-shared.yaml:10:32 /orgs/1/auth/device_tokens/0/sha256: repeats the sha256 of /orgs/0/auth/device_tokens/0; a token must belong to one organisation",
                        "device-shared.yaml:10:111 /orgs/1/auth/device_tokens/0/device_id: device 'd-1' is also listed at /orgs/0/auth/device_tokens/0; a device must belong to one organisation")),
                arguments("cidr-with-ports.yaml", List.of(
                        "cidr-with-ports.yaml:4:60 /orgs/0/endpoints/0/source_cidrs/0: '10.0.0.0/8:443': a source range takes no ports; write just the CIDR, e.g. 10.0.0.0/8")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defects")
    void reportsExactlyTheseProblems(String file, List<String> expected) {
        String dir = Fixtures.dir("orgs").toString();
        ConfigException e = assertThrows(ConfigException.class, () -> Fixtures.parse("orgs", file));
        assertEquals(expected.stream().map(m -> m.replace("{dir}", dir)).toList(), e.problems());
    }

    @Test
    void bindsOrganisationsWithTheirEndpointsAndCredentials() throws Exception {
        DaemonConfig c = Fixtures.parse("orgs", "valid.yaml");
        assertEquals(2, c.orgs().size());
        OrgSection acme = c.orgs().get(0);
        assertEquals("acme", acme.id());
        assertEquals(Fixtures.dir("orgs").resolve("a.json"), acme.policyFile().orElseThrow());
        assertTrue(acme.usersFile().isPresent());
        assertEquals(List.of("acme-office", "acme-roaming"), acme.endpoints().stream().map(EndpointSection::name).toList());
        assertEquals(List.of(CidrPorts.parse("10.1.0.0/16"), CidrPorts.parse("10.1.2.0/24")),
                acme.endpoints().get(0).sourceCidrs());
        assertEquals(List.of(), acme.endpoints().get(1).sourceCidrs());
        OrgSection globex = c.orgs().get(1);
        assertEquals("https://policies.example/globex.json", globex.policyUrl().orElseThrow().toString());
        assertEquals("g-1", globex.deviceTokens().get(0).deviceId());
        assertTrue(c.credentialsConfigured());
    }

    @Test
    void withoutOrgsNothingChanges() throws Exception {
        DaemonConfig c = ConfigLoader.parse("empty", "{}".getBytes(StandardCharsets.UTF_8), Format.YAML);
        assertEquals(List.of(), c.orgs());
        assertEquals(ConfigLoader.embeddedDefault(), c);
        assertFalse(c.credentialsConfigured());
    }

    /** The documented worked example loads as written (its files present). */
    @Test
    void theWorkedExampleInTheDocsLoads(@TempDir Path dir) throws Exception {
        String doc = Files.readString(Path.of(System.getProperty("user.dir")).resolve("../docs/configuration.md"));
        String section = doc.substring(doc.indexOf("## Organisations: worked example"));
        Matcher m = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(section);
        assertTrue(m.find(), "no yaml block in the worked example");
        for (String f : List.of("org-ca.crt.pem", "org-ca.key.pem", "acme-policy.json", "acme.htpasswd",
                "globex.htpasswd")) {
            Files.writeString(dir.resolve(f), "placeholder");
        }
        DaemonConfig c = ConfigLoader.parse("example.yaml", m.group(1).getBytes(StandardCharsets.UTF_8), Format.YAML, dir);
        assertEquals(List.of("acme", "globex"), c.orgs().stream().map(OrgSection::id).toList());
    }

    /** Differential check of the overlap rule against a brute-force walk over addresses (seeded, bounded). */
    @Test
    void overlapAgreesWithEnumeration() {
        long seed = 20261127L;
        Random r = new Random(seed);
        for (int i = 0; i < 2000; i++) {
            CidrPorts a = randomBlock(r);
            CidrPorts b = randomBlock(r);
            boolean brute = false;
            // Every address of the narrower block lies in the wider one iff its network address does: enumerate
            // the 10.0.0.0/24 universe, where all generated blocks live.
            for (int last = 0; last < 256 && !brute; last++) {
                java.net.InetAddress x = address(last);
                brute = a.matches(x, 1) && b.matches(x, 1);
            }
            assertEquals(brute, OrgsCheck.overlap(a, b), "seed " + seed + " case " + i + ": " + a + " vs " + b);
        }
    }

    private static CidrPorts randomBlock(Random r) {
        int len = 24 + r.nextInt(9);
        int size = 1 << (32 - len);
        int start = r.nextInt(256) / size * size;
        return CidrPorts.parse("10.0.0." + start + "/" + len);
    }

    private static java.net.InetAddress address(int last) {
        try {
            return java.net.InetAddress.getByAddress(new byte[]{10, 0, 0, (byte) last});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
