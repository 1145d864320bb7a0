package dev.portcullis.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.policy.gateway.GatewayScheme;
import dev.portcullis.policy.lists.ListType;
import dev.portcullis.policy.lists.PolicyLists;
import dev.portcullis.policy.rules.Phase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every kind of bad input yields a PolicyParseException whose message names the problem and points at it. */
class PolicyErrorsTest {
    private static final PolicyLists LISTS = PolicyLists.builder()
            .add("blocked_hosts", null, ListType.DOMAIN, List.of("example.net"))
            .add("office_ips", null, ListType.IP, List.of("192.0.2.0/24"))
            .build();

    private static PolicyParseException fail(String src, Phase phase) {
        return assertThrows(PolicyParseException.class, () -> FilterCompiler.compile(GatewayScheme.scheme(), src,
                LISTS, phase, ParserSettings.defaults()), src);
    }

    @Test
    void unknownFieldRendersPrefixPositionSuggestionAndCaret() {
        String src = "http.request.method == \"GET\" and http.request.hots == \"a.example\"";
        PolicyParseException e = fail(src, Phase.HTTP);
        assertEquals(1, e.line());
        assertEquals(34, e.column());
        assertEquals("policy.json rules[3] \"Block gambling\" traffic 1:34: unknown field 'http.request.hots'; "
                + "did you mean 'http.request.host'?\n"
                + "  " + src + "\n"
                + "  " + " ".repeat(33) + "^".repeat("http.request.hots".length()),
                e.render("policy.json rules[3] \"Block gambling\" traffic"));
    }

    @Test
    void caretPointsIntoTheRightLineOfMultiLineSource() {
        String src = "net.dst.port == 22\n  and net.dst.ip == 300.1.1.1";
        PolicyParseException e = fail(src, Phase.NETWORK);
        assertEquals(2, e.line());
        assertEquals(21, e.column());
        assertEquals("x 2:21: expected an IP address, found '300.1.1.1'\n"
                + "    and net.dst.ip == 300.1.1.1\n"
                + "  " + " ".repeat(20) + "^^^^^^^^^", e.render("x"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "http.request.uri.path contains \"/admin\" | TLS_INSPECTION | field 'http.request.uri.path' is not available in TLS_INSPECTION rules; it is only known after decryption, in HTTP rules",
        "http.request.host == \"a\" | NETWORK | field 'http.request.host' is not available in NETWORK rules; it exists in [TLS_INSPECTION, HTTP]",
        "net.dst.port == \"ssh\" | NETWORK | expected an integer, found \"ssh\"",
        "net.dst.port contains \"2\" | NETWORK | 'contains' needs Bytes, but field 'net.dst.port' is Int; use ==, !=, <, <=, >, >= or in {...}",
        "http.request.host == example.com | HTTP | expected a quoted string, found 'example.com'; write \"example.com\"",
        "http.request.domains == \"a\" | HTTP | field 'http.request.domains' is Array<Bytes>; compare its elements with any(http.request.domains[*] ...) or all(http.request.domains[*] ...)",
        "http.request.domains[*] == \"a\" | HTTP | [*] yields every element; wrap the comparison in any(...) or all(...)",
        "http.request.host | HTTP | expected a condition (Bool), found field 'http.request.host'; compare it, e.g. http.request.host == \"example.com\"",
        "http.request.host in $blocked_host | HTTP | unknown list '$blocked_host'; did you mean '$blocked_hosts'?",
        "http.request.host in $office_ips | HTTP | list '$office_ips' is a IP list, but field 'http.request.host' is Bytes; IP lists need an Ip value",
        "lowr(http.request.host) == \"a\" | HTTP | unknown function 'lowr'; did you mean 'lower'?",
        "http.request.host matches \"(\" | HTTP | invalid regular expression: missing closing )",
        "http.request.host == \"a\" and | HTTP | expected a field, function or condition, found end of expression",
        "(http.request.host == \"a\" | HTTP | expected ')' to close '(' at 1:1, found end of expression",
        "http.request.host = \"a\" | HTTP | unexpected '='; use '==' to compare",
        "http.request.host == \"a | HTTP | unterminated string: missing closing '\"'",
        "http.request.host == \"a\\q\" | HTTP | unknown escape '\\q' in string; write '\\\\q' or use a raw string r\"...\"",
        "net.dst.port in {90..80} | NETWORK | range '90..80' ends before it starts",
        "net.dst.port == 80..90 | NETWORK | ranges like '80..90' are only allowed in a set: in {80..90}",
        "net.dst.ip in {10.0.0.0/33} | NETWORK | expected an IP address, CIDR or range, found '10.0.0.0/33': prefix length /33 in '10.0.0.0/33' exceeds 32",
        "identity.groups == \"a\" | NETWORK | 'identity.groups' is not a field by itself; use one of identity.groups.name, identity.groups.id, identity.groups.email",
        "any(net.dst.port == 22) | NETWORK | any() needs an array element written with [*], e.g. any(http.request.domains[*] == \"example.com\")",
        "http.request.host wildcard \"a\\\\b\" | HTTP | invalid escape '\\b' in wildcard pattern; only '\\*' and '\\\\' are allowed",
        "http.conn.tls | HTTP | unknown field 'http.conn.tls'",
        "net.dst.port == 99999999999999999999 | NETWORK | expected an integer, found '99999999999999999999'",
        "http.request.host == \"a\" net.dst.port == 1 | HTTP | unexpected 'net.dst.port' after a complete condition; expected 'and', 'or', 'xor' or the end",
    })
    void messageNamesTheProblem(String src, Phase phase, String detail) {
        PolicyParseException e = fail(src, phase);
        assertEquals(detail, e.detail(), src);
        assertTrue(e.endOffset() >= e.startOffset());
    }

    @Test
    void limitsAreEnforcedWithClearMessages() {
        ParserSettings tight = ParserSettings.defaults().withMaxNestingDepth(3).withMaxExpressionLength(200)
                .withMaxRegexLength(5).withMaxSetSize(2);
        Scheme s = GatewayScheme.scheme();
        assertEquals("expression nests deeper than 3 levels", assertThrows(PolicyParseException.class, () ->
                FilterCompiler.compile(s, "((((net.dst.port == 1))))", LISTS, Phase.NETWORK, tight)).detail());
        assertEquals("expression is 201 characters long; the limit is 200", assertThrows(PolicyParseException.class,
                () -> FilterCompiler.compile(s, " ".repeat(201), LISTS, Phase.NETWORK, tight)).detail());
        assertEquals("regular expression is 6 characters long; the limit is 5", assertThrows(
                PolicyParseException.class, () -> FilterCompiler.compile(s, "http.request.host ~ \"abcdef\"", LISTS,
                        Phase.HTTP, tight)).detail());
        assertEquals("set has more than 2 items; use a list ($name) instead", assertThrows(
                PolicyParseException.class, () -> FilterCompiler.compile(s, "net.dst.port in {1 2 3}", LISTS,
                        Phase.NETWORK, tight)).detail());
    }

    @Test
    void badListItemsAreRejectedNamingListAndItem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PolicyLists.builder()
                .add("ips", null, ListType.IP, List.of("10.0.0.0/8", "10.0.0.999")));
        assertEquals("list 'ips' (IP) item 1 '10.0.0.999': invalid IPv4 address '10.0.0.999'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PolicyLists.builder()
                .add("d", null, ListType.DOMAIN, List.of("ok.example", "bad host")));
        assertEquals("list 'd' (DOMAIN) item 1 'bad host': item contains whitespace or control characters",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PolicyLists.builder()
                .add("d", null, ListType.DOMAIN, List.of("a.example")).add("d", null, ListType.EMAIL, List.of()));
        assertEquals("duplicate list name or id 'd'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PolicyLists.builder()
                .add("m", null, ListType.EMAIL, List.of("nobody")));
        assertEquals("list 'm' (EMAIL) item 0 'nobody': not an email address (local@domain)", e.getMessage());
    }
}
