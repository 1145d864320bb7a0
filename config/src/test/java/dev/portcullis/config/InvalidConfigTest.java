package dev.portcullis.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One fixture per defect in {@code config/invalid/}, each with the exact problems an operator sees.
 * {@code {dir}} stands for the fixture directory, which relative paths in the fixtures resolve against.
 */
class InvalidConfigTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments("access-log-directory-missing.yaml",
                        List.of("access-log-directory-missing.yaml:2:9 /access_log/path: directory {dir}/no-such-dir does not exist")),
                arguments("admin-exposed-without-token.yaml",
                        List.of("admin-exposed-without-token.yaml:2:11 /admin/listen: 0.0.0.0:9090 is not a loopback address, so /admin/token_file must be set")),
                arguments("allowed-source-with-ports.yaml",
                        List.of("allowed-source-with-ports.yaml:2:21 /proxy/allowed_sources/0: '10.0.0.0/8:443': a source range takes no ports; write just the CIDR, e.g. 10.0.0.0/8")),
                arguments("auth-groups-not-strings.yaml",
                        List.of("auth-groups-not-strings.yaml:5:15 /auth/device_tokens/0/groups: item 1: expected a string, got integer 7")),
                arguments("auth-realm-quote.yaml",
                        List.of("auth-realm-quote.yaml:2:10 /auth/realm: 'Acme \"Gateway\"' may hold printable ASCII only, without '\"' or '\\'")),
                arguments("auth-token-duplicate.yaml",
                        List.of("auth-token-duplicate.yaml:5:7 /auth/device_tokens/1/sha256: repeats the sha256 of /auth/device_tokens/0; each device needs its own token")),
                arguments("client-certs-duplicate-match.yaml",
                        List.of("client-certs-duplicate-match.yaml:9:7 /auth/client_certs/1/match: repeats the match of /auth/client_certs/0 (matches ignore case); one entry per certificate name")),
                arguments("client-certs-without-ca.yaml",
                        List.of("client-certs-without-ca.yaml:3:5 /auth/client_certs: client_certs map client certificates, which are only asked for with proxy.tls_client_ca; set it, or remove client_certs")),
                arguments("tls-client-auth-unknown.yaml",
                        List.of("tls-client-auth-unknown.yaml:2:20 /proxy/tls_client_auth: 'sometimes' is not a client-auth mode; use optional or require")),
                arguments("tls-client-ca-without-listener.yaml",
                        List.of("tls-client-ca-without-listener.yaml:2:18 /proxy/tls_client_ca: client certificates are checked on the HTTPS listener; set proxy.tls_listen too, or remove tls_client_ca")),
                arguments("auth-token-not-an-object.yaml",
                        List.of("auth-token-not-an-object.yaml:2:19 /auth/device_tokens/0: expected an object, got string '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'")),
                arguments("auth-token-not-hex.yaml",
                        List.of("auth-token-not-hex.yaml:3:15 /auth/device_tokens/0/sha256: 'not-a-hash' is not a SHA-256 hash (expected 64 hex digits, e.g. the output of: printf %s TOKEN | sha256sum)")),
                arguments("auth-token-without-device-id.json",
                        List.of("auth-token-without-device-id.json:1:29 /auth/device_tokens/0: missing key 'device_id'",
                                "auth-token-without-device-id.json:1:108 /auth/device_tokens/0/devide_id: unknown key 'devide_id'; did you mean 'device_id'?")),
                arguments("auth-users-file-missing.yaml",
                        List.of("auth-users-file-missing.yaml:2:15 /auth/users_file: file not found: {dir}/no-such-users.htpasswd")),
                arguments("camel-case-key.yaml",
                        List.of("camel-case-key.yaml:2:3 /limits/maxConnections: unknown key 'maxConnections'; did you mean 'max_connections'?")),
                arguments("cidr-host-bits.yaml",
                        List.of("cidr-host-bits.yaml:2:24 /upstream/allow_destinations/0: '10.1.2.3/8:80' has host bits set below /8; did you mean 10.0.0.0/8?")),
                arguments("cidr-ipv6-ports-without-brackets.yaml",
                        List.of("cidr-ipv6-ports-without-brackets.yaml:2:24 /upstream/allow_destinations/0: '::1/128:8080': put IPv6 addresses in brackets to add ports, e.g. [::1]/128:8080")),
                arguments("cidr-leading-zero.yaml",
                        List.of("cidr-leading-zero.yaml:2:24 /upstream/allow_destinations/0: '010.0.0.0' is not an IPv4 address (octet '010' has a leading zero, which some tools read as octal)")),
                arguments("cidr-prefix-too-long.yaml",
                        List.of("cidr-prefix-too-long.yaml:2:24 /upstream/allow_destinations/0: '192.168.0.0/33': prefix length 33 is out of range 0-32 for an IPv4 address")),
                arguments("connect-ports-garbage.yaml",
                        List.of("connect-ports-garbage.yaml:2:18 /upstream/connect_ports: 'http' is not a port or port range (expected e.g. 80,443,8000-8999)")),
                arguments("connect-ports-reversed.yaml",
                        List.of("connect-ports-reversed.yaml:2:18 /upstream/connect_ports: port range '9000-8000' is reversed; write 8000-9000")),
                arguments("connect-ports-zero.json",
                        List.of("connect-ports-zero.json:1:32 /upstream/connect_ports: port 0 is out of range 1-65535")),
                arguments("dns-min-ttl-above-max.yaml",
                        List.of("dns-min-ttl-above-max.yaml:3:14 /upstream/dns/min_ttl: must not exceed max_ttl (5m), got 10m")),
                arguments("dns-server-port-zero.yaml",
                        List.of("dns-server-port-zero.yaml:3:15 /upstream/dns/servers/0: '127.0.0.1:0': a DNS server port must be between 1 and 65535")),
                arguments("do-not-inspect-unicode.yaml",
                        List.of("do-not-inspect-unicode.yaml:2:26 /inspection/do_not_inspect_hosts/0: 'bücher.example' is not a valid host name (write international names in their xn-- form)")),
                arguments("do-not-inspect-wildcard.yaml",
                        List.of("do-not-inspect-wildcard.yaml:2:26 /inspection/do_not_inspect_hosts/0: '*.bank.example': write the domain without '*.' or a leading '.'; matching is by suffix already")),
                arguments("h2-streams-zero.yaml",
                        List.of("h2-streams-zero.yaml:2:30 /limits/h2_max_concurrent_streams: must be between 1 and 10000, got 0")),
                arguments("not-tls-action-unknown.yaml",
                        List.of("not-tls-action-unknown.yaml:2:19 /inspection/not_tls_action: expected one of block, tunnel; got \"allow\"")),
                arguments("pac-cidr-ipv6.yaml",
                        List.of("pac-cidr-ipv6.yaml:4:32 /pac/bypass_cidrs/1: bypass CIDR 'fd00::/8': expected a dotted IPv4 address (PAC's isInNet is IPv4-only)")),
                arguments("duplicate-key.yaml",
                        List.of("duplicate-key.yaml:3:3 /timeouts/connect: duplicate key 'connect' (first set at line 2)")),
                arguments("duration-as-integer.yaml",
                        List.of("duration-as-integer.yaml:2:12 /timeouts/connect: expected a duration string such as \"10s\", got integer 10")),
                arguments("duration-fraction.yaml",
                        List.of("duration-fraction.yaml:2:10 /timeouts/drain: '1.5s' is not a duration: use whole numbers, e.g. 1500ms instead of 1.5s")),
                arguments("duration-negative.json",
                        List.of("duration-negative.json:1:39 /upstream/dns/negative_ttl: duration '-5s' is negative")),
                arguments("duration-out-of-range.yaml",
                        List.of("duration-out-of-range.yaml:2:18 /inspection/leaf_validity: must be between 1h and 397d, got 400d")),
                arguments("duration-unknown-unit.yaml",
                        List.of("duration-unknown-unit.yaml:2:16 /timeouts/client_idle: '2min' has unknown unit 'min' (write e.g. 500ms, 10s, 5m, 1h or 3d)")),
                arguments("duration-without-unit.yaml",
                        List.of("duration-without-unit.yaml:2:12 /timeouts/connect: '10' has no unit (write e.g. 500ms, 10s, 5m, 1h or 3d)")),
                arguments("empty.yaml",
                        List.of("empty.yaml:1:1: empty document; write {} to use every default")),
                arguments("inspection-cert-without-key.yaml",
                        List.of("inspection-cert-without-key.yaml:2:12 /inspection/ca_cert: inspection needs both ca_cert and ca_key; ca_key is not set")),
                arguments("inspection-key-without-cert.json",
                        List.of("inspection-key-without-cert.json:1:27 /inspection/ca_key: inspection needs both ca_cert and ca_key; ca_cert is not set")),
                arguments("tls-listen-without-certificate.yaml",
                        List.of("tls-listen-without-certificate.yaml:2:15 /proxy/tls_listen: the HTTPS listener needs a certificate: set tls_cert and tls_key, or inspection.ca_cert and inspection.ca_key to mint one")),
                arguments("tls-cert-without-key.yaml",
                        List.of("tls-cert-without-key.yaml:3:13 /proxy/tls_cert: the HTTPS listener needs both tls_cert and tls_key; tls_key is not set")),
                arguments("json-comment.json",
                        List.of("json-comment.json:1:1: invalid JSON: Unexpected character ('/' (code 47)): maybe a (non-standard) comment? (not recognized as one since Feature 'ALLOW_COMMENTS' not enabled for parser)")),
                arguments("json-syntax-error.json",
                        List.of("json-syntax-error.json:3:21: invalid JSON: Unexpected character ('\"' (code 34)): was expecting a colon to separate field name and value")),
                arguments("json-trailing-comma.json",
                        List.of("json-trailing-comma.json:2:35: invalid JSON: Unexpected character ('}' (code 125)): was expecting double-quote to start field name")),
                arguments("listen-bad-host.yaml",
                        List.of("listen-bad-host.yaml:2:12 /proxy/listen/0: 'bad_host' is not a valid host name (letters, digits, '-' and '.' only; labels of 1-63 characters)")),
                arguments("listen-collides-with-admin.yaml",
                        List.of("listen-collides-with-admin.yaml:2:11 /admin/listen: 127.0.0.1:3128 collides with the proxy listener /proxy/listen/0 (127.0.0.1:3128)")),
                arguments("listen-duplicate.yaml",
                        List.of("listen-duplicate.yaml:2:28 /proxy/listen/1: 127.0.0.1:3128 collides with /proxy/listen/0 (0.0.0.0:3128)")),
                arguments("listen-empty.yaml",
                        List.of("listen-empty.yaml:2:11 /proxy/listen: must list at least one entry")),
                arguments("listen-ipv6-without-brackets.yaml",
                        List.of("listen-ipv6-without-brackets.yaml:2:12 /proxy/listen/0: '::1:3128': put IPv6 addresses in brackets, e.g. [::1]:3128")),
                arguments("listen-missing-port.yaml",
                        List.of("listen-missing-port.yaml:4:7 /proxy/listen/1: '127.0.0.2' has no port; expected HOST:PORT such as 127.0.0.1:3128")),
                arguments("listen-not-a-list.yaml",
                        List.of("listen-not-a-list.yaml:2:11 /proxy/listen: expected a list, got string '127.0.0.1:3128'")),
                arguments("listen-port-out-of-range.json",
                        List.of("listen-port-out-of-range.json:1:23 /proxy/listen/0: '127.0.0.1:65536': port must be between 0 and 65535, got 65536")),
                arguments("max-connections-float.json",
                        List.of("max-connections-float.json:1:32 /limits/max_connections: expected an integer, got number 1.5")),
                arguments("max-connections-huge.json",
                        List.of("max-connections-huge.json:1:32 /limits/max_connections: must be between 1 and 1000000, got 99999999999999999999")),
                arguments("max-connections-negative.yaml",
                        List.of("max-connections-negative.yaml:3:20 /limits/max_connections: must be between 1 and 1000000, got -1")),
                arguments("max-connections-null.yaml",
                        List.of("max-connections-null.yaml:2:20 /limits/max_connections: expected an integer, got null")),
                arguments("max-connections-quoted.yaml",
                        List.of("max-connections-quoted.yaml:2:20 /limits/max_connections: expected an integer, got string '100'")),
                arguments("policy-file-empty.yaml",
                        List.of("policy-file-empty.yaml:2:9 /policy/file: empty path; use null to leave it unset")),
                arguments("policy-file-missing.yaml",
                        List.of("policy-file-missing.yaml:2:9 /policy/file: file not found: {dir}/no-such-policy.json")),
                arguments("nesting-too-deep.json",
                        List.of("nesting-too-deep.json:1:199: nesting is deeper than 32 levels")),
                arguments("open-proxy.yaml",
                        List.of("open-proxy.yaml:2:30 /proxy/listen/1: 0.0.0.0:3129 is not a loopback address and nothing restricts who may use it, which makes an open proxy; require credentials (/auth/users_file or --auth-users FILE, or /auth/device_tokens) or list the client networks in /proxy/allowed_sources (or --allow-source CIDR)")),
                arguments("pool-negative.yaml",
                        List.of("pool-negative.yaml:3:24 /upstream/pool/max_idle_per_host: must be between 0 and 1024, got -3")),
                arguments("root-is-a-list.json",
                        List.of("root-is-a-list.json:1:1 /: expected an object at the top level, got a list")),
                arguments("section-not-an-object.yaml",
                        List.of("section-not-an-object.yaml:1:9 /limits: expected an object, got integer 5")),
                arguments("several-problems.yaml", List.of(
                        "several-problems.yaml:2:12 /proxy/listen/0: '127.0.0.1' has no port; expected HOST:PORT such as 127.0.0.1:3128",
                        "several-problems.yaml:3:3 /proxy/lisen: unknown key 'lisen'; did you mean 'listen'?",
                        "several-problems.yaml:5:20 /limits/max_connections: must be between 1 and 1000000, got -1",
                        "several-problems.yaml:6:19 /limits/max_chunk_size: '64 KB' is ambiguous; use KiB, MiB or GiB (powers of 1024) or plain bytes",
                        "several-problems.yaml:8:12 /timeouts/connect: expected a duration string such as \"10s\", got integer 10")),
                arguments("size-decimal-unit.yaml",
                        List.of("size-decimal-unit.yaml:2:20 /limits/max_header_size: '32KB' is ambiguous; use KiB, MiB or GiB (powers of 1024) or plain bytes")),
                arguments("size-too-small.yaml",
                        List.of("size-too-small.yaml:2:28 /limits/max_initial_line_length: must be between 256B and 1MiB, got 100B")),
                arguments("unknown-key-no-suggestion.json",
                        List.of("unknown-key-no-suggestion.json:3:5 /admin/colour: unknown key 'colour'; expected one of: listen, token_file")),
                arguments("unknown-key.yaml",
                        List.of("unknown-key.yaml:3:3 /proxy/lisen: unknown key 'lisen'; did you mean 'listen'?")),
                arguments("unknown-section.yaml",
                        List.of("unknown-section.yaml:3:1 /timeout: unknown key 'timeout'; did you mean 'timeouts'?")),
                arguments("via-pseudonym-not-token.yaml",
                        List.of("via-pseudonym-not-token.yaml:2:18 /proxy/via_pseudonym: 'my proxy' is not an HTTP token (letters, digits and !#$%&'*+-.^_`|~ only)")),
                arguments("watch-string.json",
                        List.of("watch-string.json:1:22 /policy/watch: expected true or false, got string 'true'")),
                arguments("watch-yes.yaml",
                        List.of("watch-yes.yaml:2:10 /policy/watch: expected true or false, got string 'yes'")),
                arguments("yaml-alias.yaml",
                        List.of("yaml-alias.yaml:5:14: YAML aliases (*l) are not supported; write the value out")),
                arguments("yaml-syntax-error.yaml",
                        List.of("yaml-syntax-error.yaml:3:3: invalid YAML: expected ',' or ']', but got <scalar> (while parsing a flow sequence started at line 2)")),
                arguments("yaml-tab-indent.yaml",
                        List.of("yaml-tab-indent.yaml:2:1: invalid YAML: found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation)")),
                arguments("yaml-two-documents.yaml",
                        List.of("yaml-two-documents.yaml:4:1: only one YAML document is allowed per file")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsExactlyTheseProblems(String file, List<String> expected) {
        String dir = Fixtures.dir("invalid").toString();
        ConfigException e = assertThrows(ConfigException.class, () -> Fixtures.parse("invalid", file));
        List<String> want = expected.stream().map(m -> m.replace("{dir}", dir)).toList();
        assertEquals(want, e.problems());
    }

    @Test
    void everyFixtureHasAnExpectation() throws IOException {
        Set<String> listed = cases().map(a -> (String) a.get()[0]).collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(Fixtures.dir("invalid"))) {
            Set<String> present = files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
            assertEquals(present, listed);
        }
    }
}
