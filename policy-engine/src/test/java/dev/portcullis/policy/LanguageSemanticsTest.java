package dev.portcullis.policy;

import static dev.portcullis.policy.gateway.GatewayScheme.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portcullis.policy.gateway.GatewayContexts;
import dev.portcullis.policy.gateway.GatewayScheme;
import dev.portcullis.policy.rules.Phase;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the language means, one expression at a time, checked in both evaluators against a fixed context. */
class LanguageSemanticsTest {
    private static ExecutionContext context() throws Exception {
        ExecutionContext c = GatewayScheme.scheme().newContext();
        c.setBytes(HTTP_HOST, "www.Example.com");
        c.setBytesArray(HTTP_DOMAINS, List.of(GatewayContexts.domains("www.example.com")));
        c.setBytes(HTTP_PATH, "/Admin/%41%20b+c/caf%C3%A9");
        c.setBytes(HTTP_METHOD, "POST");
        c.setInt(NET_DST_PORT, 8443);
        c.setIp(NET_DST_IP, InetAddress.getByName("2001:db8::a"));
        c.setIp(NET_SRC_IP, InetAddress.getByName("10.1.2.3"));
        c.setIntArray(CONTENT_CATEGORY, new long[] {7, 99});
        c.setBytesArray(IDENTITY_GROUPS_NAME, List.of("Staff", "Security"));
        c.setBytesMap(HTTP_HEADERS, Map.of("user-agent", List.of("curl/8.0", "Mozilla"), "x-empty", List.of()));
        c.setBytesArray(POSTURE_PASSED, List.of());
        // identity.email, net.sni.host and http.upload.mime stay absent
        return c;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "`` | true",
        "http.request.host == \"www.Example.com\" | true",
        "http.request.host eq \"www.example.com\" | false",
        "http.request.host wildcard \"*.EXAMPLE.com\" | true",
        "http.request.host strict wildcard \"*.EXAMPLE.com\" | false",
        "http.request.host strict wildcard \"www.*.com\" | true",
        "http.request.host wildcard \"www\" | false",
        "http.request.host wildcard \"*\" | true",
        "http.request.host matches \"^www\\\\.\" | true",
        "http.request.host ~ r\"^www\\.[A-Z]\" | true",
        "http.request.host matches r#\"(?i)EXAMPLE\"# | true",
        "http.request.host contains \"Example\" | true",
        "http.request.host < \"x\" | true",
        "lower(http.request.host) == \"www.example.com\" | true",
        "upper(http.request.method) == \"POST\" and len(http.request.method) == 4 | true",
        "url_decode(http.request.uri.path) == \"/Admin/A b+c/café\" | true",
        "len(url_decode(http.request.uri.path)) == 18 | true",
        "concat(http.request.method, \" \", http.request.uri.path) contains \"POST /Admin\" | true",
        "starts_with(http.request.uri.path, \"/Admin\") | true",
        "ends_with(http.request.uri.path, \"/Admin\") | false",
        "net.dst.port == 8443 && net.dst.port in {80 443 8000..8999} | true",
        "net.dst.port == 0x20fb | true",
        "net.dst.port == \"8443\" | true",
        "net.dst.port >= 8444 | false",
        "net.dst.ip in {2001:db8::/32} | true",
        "net.dst.ip == 2001:db8:0:0:0:0:0:a | true",
        "net.dst.ip in {10.0.0.0/8} | false",
        "net.src.ip in {10.0.0.0/8} and net.src.ip in {10.1.2.0..10.1.2.3} | true",
        "net.src.ip > 10.1.2.2 and net.src.ip < 10.1.2.4 | true",
        "net.src.ip in {::ffff:10.1.2.3} | true",
        "any(http.request.domains[*] == \"example.com\") | true",
        "any(http.request.domains[*] == \"ample.com\") | false",
        "len(http.request.domains) == 3 and http.request.domains[2] == \"com\" | true",
        "any(http.request.uri.content_category[*] in {99}) | true",
        "all(http.request.uri.content_category[*] > 5) | true",
        "all(http.request.uri.content_category[*] == 7) | false",
        "any(identity.groups[*].name == \"Security\") | true",
        "any(identity.groups.name[*] in {\"security\"}) | false",
        "not(any(identity.groups.name[*] in {\"Security\"})) | false",
        "all(device_posture.checks.passed[*] == \"x\") | true",
        "any(device_posture.checks.passed[*] == \"x\") | false",
        "any(http.request.headers[\"User-Agent\"][*] contains \"curl\") | true",
        "http.request.headers[\"user-agent\"][1] == \"Mozilla\" | true",
        "http.request.headers[\"user-agent\"][2] == \"Mozilla\" | false",
        "len(http.request.headers[\"missing\"]) == 0 | false",
        "any(lower(http.request.headers[\"user-agent\"][*]) == \"mozilla\" or http.request.headers[\"user-agent\"][*] == \"x\") | true",
        "identity.email == \"\" | false",
        "identity.email != \"a\" | false",
        "not identity.email != \"a\" | true",
        "http.upload.mime contains \"\" | false",
        "true_branch_is_absent_field_free or 1 == 1 | error",
        "http.request.method == \"POST\" or http.request.method == \"GET\" and http.request.method == \"PUT\" | true",
        "(http.request.method == \"POST\" or http.request.method == \"GET\") and http.request.method == \"PUT\" | false",
        "not http.request.method == \"GET\" and net.dst.port == 8443 | true",
        "net.dst.port == 8443 xor net.dst.port == 8443 | false",
        "net.dst.port == 8443 ^^ net.dst.port == 1 or net.dst.port == 1 | true",
        "net.dst.port == 8443 xor net.dst.port == 8443 xor net.dst.port == 8443 | true",
        "!(net.dst.port == 1) && !!(net.dst.port == 8443) | true",
        "http.request.host in {} | false",
    })
    void evaluates(String src, String expected) throws Exception {
        if (expected.equals("error")) {
            org.junit.jupiter.api.Assertions.assertThrows(PolicyParseException.class, () -> FilterCompiler.compile(
                    GatewayScheme.scheme(), src, null, Phase.HTTP, null));
            return;
        }
        ExecutionContext ctx = context();
        boolean want = Boolean.parseBoolean(expected);
        assertEquals(want, FilterCompiler.compile(GatewayScheme.scheme(), src, null, Phase.HTTP, null).execute(ctx),
                "compiled: " + src);
        assertEquals(want, FilterCompiler.reference(GatewayScheme.scheme(), src, null, Phase.HTTP, null).execute(ctx),
                "reference: " + src);
    }
}
