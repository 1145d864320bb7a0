package dev.portcullis.config.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** One fixture per defect under {@code policy/invalid/}, each with the exact message it must produce. */
class InvalidDocumentsTest {
    static final Map<String, String> EXPECTED = Map.ofEntries(
            Map.entry("bad-ip-list-item.json",
                    "bad-ip-list-item.json:17:16 lists[0] \"bastions\" items: list 'bastions' (IP) item 0 '192.0.2.300': invalid IPv4 address '192.0.2.300'"),
            Map.entry("block-reason-on-allow.json",
                    "block-reason-on-allow.json:12:25 rules[0] \"Block gambling\" rule_settings.block_reason: applies only to block rules, not to action 'allow'"),
            Map.entry("default-action-invalid.json",
                    "default-action-invalid.json:14:23 settings.default_action: must be 'allow' or 'block', got 'deny'"),
            Map.entry("dns-filter.json",
                    "dns-filter.json:8:9 rules[0] \"Block gambling\" filters[0]: unsupported filter 'dns': Portcullis is a forward proxy and sees no DNS queries; use 'http' or 'l4'"),
            Map.entry("duplicate-list-name.json",
                    "duplicate-list-name.json:24:15 lists[1] \"hosts\" name: duplicate list name 'hosts' (also used by lists[0] \"hosts\")"),
            Map.entry("duplicate-precedence.json",
                    "duplicate-precedence.json:14:21 rules[1] \"Second\" precedence: duplicate precedence 1000 among http rules (also used by rules[0] \"Block gambling\"); the order would be ambiguous"),
            Map.entry("duplicate-rule-id.json",
                    "duplicate-rule-id.json:21:13 rules[1] \"Second\" id: duplicate rule id 'r1' (also used by rules[0] \"Block gambling\")"),
            Map.entry("empty.json",
                    "empty.json: empty document; expected a JSON object with \"rules\""),
            Map.entry("gateway-action-isolate.json",
                    "gateway-action-isolate.json:6:17 rules[0] \"Block gambling\" action: Gateway action 'isolate' is not implemented by Portcullis; supported actions: allow, block, off, on, redirect"),
            Map.entry("identity-syntax.json",
                    "identity-syntax.json rules[0] \"Block gambling\" identity 1:44: expected ')' to close '(' at 1:4, found end of expression" + "\n"
                    + "  any(identity.groups.name[*] in {\"Security\"}" + "\n"
                    + "                                             ^"),
            Map.entry("l4-redirect.json",
                    "l4-redirect.json:6:17 rules[0] \"Block gambling\" action: action 'redirect' is not valid for l4 rules; use one of allow, block"),
            Map.entry("list-item-errors.json",
                    "list-item-errors.json:5:17 lists[0].items[0].valeu: unknown key 'valeu'; did you mean 'value'?\n"
                    + "list-item-errors.json:5:37 lists[0].items[0]: missing required key 'value'\n"
                    + "list-item-errors.json:5:40 lists[0].items[1]: expected {\"value\": ...} or a string, got a number\n"
                    + "list-item-errors.json:5:54 lists[0].items[2].value: expected a string, got a number"),
            Map.entry("missing-intelligence.json",
                    "missing-intelligence.json:14:21 settings.intelligence: intelligence file no-such-intel.json does not exist"),
            Map.entry("missing-name.json",
                    "missing-name.json:3:5 rules[0]: missing required key 'name'"),
            Map.entry("multiple-errors.json",
                    "multiple-errors.json:6:17 rules[0] \"Block gambling\" action: unknown action 'blok'; use one of allow, block, off, on, redirect; did you mean 'block'?" + "\n"
                    + "multiple-errors.json:26:9 rules[2] \"Third\" filters[0]: unsupported filter 'dns': Portcullis is a forward proxy and sees no DNS queries; use 'http' or 'l4'" + "\n"
                    + "multiple-errors.json rules[1] \"Second\" traffic 1:1: unknown field 'http.request.hots'; did you mean 'http.request.host'?" + "\n"
                    + "  http.request.hots == \"x\"" + "\n"
                    + "  ^^^^^^^^^^^^^^^^^"),
            Map.entry("not-an-object.json",
                    "not-an-object.json:1:1 (document): expected a JSON object with \"rules\", got an array"),
            Map.entry("path-in-off-rule.json",
                    "path-in-off-rule.json rules[0] \"Block gambling\" traffic 1:1: field 'http.request.uri.path' is not available in TLS_INSPECTION rules; it is only known after decryption, in HTTP rules" + "\n"
                    + "  http.request.uri.path contains \"/admin\"" + "\n"
                    + "  ^^^^^^^^^^^^^^^^^^^^^"),
            Map.entry("precedence-not-int.json",
                    "precedence-not-int.json:5:21 rules[0] \"Block gambling\" precedence: expected an integer, got a string"),
            Map.entry("redirect-bad-uri.json",
                    "redirect-bad-uri.json:13:25 rules[0] \"Block gambling\" rule_settings.redirect.target_uri: must be an absolute http:// or https:// URI, got 'ftp://files.example/'"),
            Map.entry("redirect-without-target.json",
                    "redirect-without-target.json:6:17 rules[0] \"Block gambling\" action: a redirect rule needs rule_settings.redirect.target_uri"),
            Map.entry("schedule-unsupported.json",
                    "schedule-unsupported.json:11:19 rules[0] \"Block gambling\" schedule: 'schedule' is not supported by Portcullis; remove it (the rule would otherwise apply at all times)"),
            Map.entry("syntax-error.json",
                    "syntax-error.json:3:18: invalid JSON: Unexpected character ('}' (code 125)): was expecting double-quote to start field name"),
            Map.entry("unknown-action.json",
                    "unknown-action.json:6:17 rules[0] \"Block gambling\" action: unknown action 'blok'; use one of allow, block, off, on, redirect; did you mean 'block'?"),
            Map.entry("unknown-field.json",
                    "unknown-field.json rules[1] \"Typo\" traffic 1:1: unknown field 'http.request.hots'; did you mean 'http.request.host'?" + "\n"
                    + "  http.request.hots == \"a.example\"" + "\n"
                    + "  ^^^^^^^^^^^^^^^^^"),
            Map.entry("unknown-list-reference.json",
                    "unknown-list-reference.json rules[0] \"Block gambling\" traffic 1:22: unknown list '$blocked_hsts'; did you mean '$blocked_hosts'?" + "\n"
                    + "  http.request.host in $blocked_hsts" + "\n"
                    + "                       ^^^^^^^^^^^^^"),
            Map.entry("unknown-list-type.json",
                    "unknown-list-type.json:16:15 lists[0] \"hosts\" type: unknown list type 'DOMIAN'; use one of DOMAIN, URL, IP, EMAIL, SERIAL; did you mean 'DOMAIN'?"),
            Map.entry("unknown-rule-key.json",
                    "unknown-rule-key.json:10:7 rules[0] \"Block gambling\" precedance: unknown key 'precedance'; did you mean 'precedence'?" + "\n"
                    + "unknown-rule-key.json:3:5 rules[0] \"Block gambling\": missing required key 'precedence'"),
            Map.entry("unknown-setting-key.json",
                    "unknown-setting-key.json:15:7 settings.tls_decrypt.enable: unknown key 'enable'; did you mean 'enabled'?"),
            Map.entry("unknown-top-key.json",
                    "unknown-top-key.json:2:3 rule: unknown key 'rule'; did you mean 'rules'?" + "\n"
                    + "unknown-top-key.json: missing required key 'rules' (or Gateway's envelope 'result')"),
            Map.entry("untrusted-cert-unknown.json",
                    "untrusted-cert-unknown.json:13:21 rules[0] \"Block gambling\" rule_settings.untrusted_cert.action: unknown untrusted_cert action 'ignore'; use one of error, block, pass_through"));

    static Stream<String> fixtures() {
        return EXPECTED.keySet().stream().sorted();
    }

    private static Path dir() throws URISyntaxException {
        return Path.of(InvalidDocumentsTest.class.getResource("/policy/invalid").toURI());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void exactMessage(String fixture) throws Exception {
        Path file = dir().resolve(fixture);
        byte[] bytes = Files.readAllBytes(file);
        PolicyDocumentException e = assertThrows(PolicyDocumentException.class,
                () -> new PolicyDocumentLoader().parse("acme", file.toString(), bytes), fixture);
        String message = e.getMessage().replace(file.toString(), fixture)
                .replace(dir().toString() + java.io.File.separator, "");
        assertEquals(EXPECTED.get(fixture), message, fixture);
        assertEquals(String.join("\n", e.errors()), e.getMessage());
    }

    @Test
    void everyFixtureHasAnExpectation() throws Exception {
        Set<String> files;
        try (Stream<Path> s = Files.list(dir())) {
            files = s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(new TreeSet<>(EXPECTED.keySet()), files);
    }

    @Test
    void errorsAreCapped() throws IOException {
        StringBuilder sb = new StringBuilder("{\"rules\": [");
        for (int i = 0; i < 200; i++) {
            sb.append(i > 0 ? "," : "").append("{\"name\": \"r").append(i).append("\", \"precedence\": ").append(i)
                    .append(", \"action\": \"isolate\", \"filters\": [\"http\"]}");
        }
        sb.append("]}");
        PolicyDocumentException e = assertThrows(PolicyDocumentException.class,
                () -> new PolicyDocumentLoader().parse("acme", "many.json", sb.toString().getBytes()));
        assertEquals(Problems.MAX + 1, e.errors().size());
        assertEquals("many.json: 150 more error(s) not shown", e.errors().get(Problems.MAX));
    }
}
