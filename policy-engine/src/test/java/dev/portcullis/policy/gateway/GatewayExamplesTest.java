package dev.portcullis.policy.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portcullis.policy.ExecutionContext;
import dev.portcullis.policy.ParserSettings;
import dev.portcullis.policy.lists.ListType;
import dev.portcullis.policy.lists.PolicyLists;
import dev.portcullis.policy.rules.Action;
import dev.portcullis.policy.rules.Decision;
import dev.portcullis.policy.rules.EvaluationMode;
import dev.portcullis.policy.rules.Phase;
import dev.portcullis.policy.rules.RuleSet;
import dev.portcullis.policy.rules.RuleSource;
import dev.portcullis.policy.rules.RuleSource.Condition;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Gateway documentation examples: the decision AND the rule that made it, in both evaluation modes. */
class GatewayExamplesTest {
    private static final PolicyLists LISTS = PolicyLists.builder()
            .add("blocked_hosts", "9a1f0000-0000-4000-8000-000000000001", ListType.DOMAIN,
                    List.of("example.net", "Casino.Example."))
            .add("banks", null, ListType.DOMAIN, List.of("bank.example", "credit.example"))
            .build();

    private static final Intelligence INTEL = new Intelligence() {
        @Override
        public long[] contentCategories(String host) {
            return host.endsWith("bet.example") ? new long[] {7, 99} : new long[] {7};
        }

        @Override
        public long[] securityCategories(String host) {
            return new long[0];
        }

        @Override
        public String[] appIds(String host) {
            return new String[0];
        }
    };

    private static final List<RuleSource> HTTP_RULES = List.of(
            new RuleSource("r1", "Block gambling", 1000, Action.BLOCK, null, List.of(
                    new Condition("traffic", "any(http.request.uri.content_category[*] in {99}) or "
                            + "http.request.host in $blocked_hosts"),
                    new Condition("identity", "not(any(identity.groups.name[*] in {\"Security\"}))"))),
            new RuleSource("r2", "Allow the rest", 5000, Action.ALLOW, null, List.of()));

    private static final List<RuleSource> TLS_RULES = List.of(
            new RuleSource("r3", "Bank sites stay private", 2000, Action.OFF, null,
                    List.of(new Condition("traffic", "any(http.request.domains[*] in $banks)"))));

    private static final List<RuleSource> L4_RULES = List.of(
            new RuleSource("r4", "SSH out only to the bastion", 3000, Action.BLOCK, null,
                    List.of(new Condition("traffic", "net.dst.port == 22 and not(net.dst.ip in {192.0.2.10})"))),
            new RuleSource("r5", "Quoted port", 3100, Action.BLOCK, null,
                    List.of(new Condition("traffic", "net.dst.port == \"2222\""))));

    static Stream<Arguments> cases() {
        Identity staff = new Identity("a@corp.example", "A", List.of(new Identity.Group("g1", "Staff", null)),
                null, Set.of(), Set.of());
        Identity security = new Identity("s@corp.example", "S", List.of(new Identity.Group("g2", "Security", null)),
                null, Set.of(), Set.of());
        return Stream.of(
                Arguments.of("category 99 blocked", Phase.HTTP, "www.bet.example", 443, "198.51.100.7", staff,
                        Action.BLOCK, "Block gambling"),
                Arguments.of("listed host blocked", Phase.HTTP, "example.net", 443, "198.51.100.7", staff,
                        Action.BLOCK, "Block gambling"),
                Arguments.of("list item normalised", Phase.HTTP, "casino.example", 80, "198.51.100.7", staff,
                        Action.BLOCK, "Block gambling"),
                Arguments.of("subdomain of listed host is not the host", Phase.HTTP, "a.example.net", 443,
                        "198.51.100.7", staff, Action.ALLOW, "Allow the rest"),
                Arguments.of("security group exempt", Phase.HTTP, "example.net", 443, "198.51.100.7", security,
                        Action.ALLOW, "Allow the rest"),
                Arguments.of("bank subdomain not inspected", Phase.TLS_INSPECTION, "login.bank.example", 443,
                        "198.51.100.7", staff, Action.OFF, "Bank sites stay private"),
                Arguments.of("bank apex not inspected", Phase.TLS_INSPECTION, "bank.example", 443,
                        "198.51.100.7", staff, Action.OFF, "Bank sites stay private"),
                Arguments.of("look-alike bank inspected", Phase.TLS_INSPECTION, "notbank.example", 443,
                        "198.51.100.7", staff, null, null),
                Arguments.of("ssh elsewhere blocked", Phase.NETWORK, "host.example", 22, "198.51.100.7", staff,
                        Action.BLOCK, "SSH out only to the bastion"),
                Arguments.of("ssh to bastion allowed", Phase.NETWORK, "bastion.example", 22, "192.0.2.10", staff,
                        null, null),
                Arguments.of("https unaffected", Phase.NETWORK, "host.example", 443, "198.51.100.7", staff,
                        null, null),
                Arguments.of("quoted digits compare as Int", Phase.NETWORK, "host.example", 2222, "192.0.2.10",
                        staff, Action.BLOCK, "Quoted port"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decisionAndRule(String title, Phase phase, String host, int port, String dstIp, Identity who,
                         Action expected, String expectedRule) throws Exception {
        for (EvaluationMode mode : EvaluationMode.values()) {
            List<RuleSource> sources = switch (phase) {
                case HTTP -> HTTP_RULES;
                case TLS_INSPECTION -> TLS_RULES;
                case NETWORK -> L4_RULES;
            };
            RuleSet set = RuleSet.compile(phase, sources, GatewayScheme.scheme(), LISTS, ParserSettings.defaults(),
                    mode);
            ConnectionFacts conn = new ConnectionFacts(ip("10.1.2.3"), 50000, host, ip(dstIp), port, host, "tcp",
                    "main", who);
            ExecutionContext ctx = phase == Phase.HTTP
                    ? GatewayContexts.request(new RequestFacts(conn, "GET", "https", host, port, "/", null,
                    "HTTP/1.1", Map.of(), null), INTEL)
                    : GatewayContexts.network(conn, INTEL);
            Decision d = set.decide(ctx, Action.ON, "default");
            String rule = d.rule() == null ? null : d.rule().name();
            assertEquals(expected == null ? Action.ON : expected, d.action(), title + " " + mode);
            assertEquals(expectedRule, rule, title + " " + mode);
        }
    }

    static InetAddress ip(String literal) throws UnknownHostException {
        // getByName with a literal never does DNS.
        return InetAddress.getByName(literal);
    }
}
