package dev.portcullis.config.policy;

import dev.portcullis.policy.ExecutionContext;
import dev.portcullis.policy.Field;
import dev.portcullis.policy.gateway.ConnectionFacts;
import dev.portcullis.policy.gateway.PolicyContexts;
import dev.portcullis.policy.gateway.Intelligence;
import dev.portcullis.policy.gateway.RequestFacts;
import dev.portcullis.policy.rules.Action;
import dev.portcullis.policy.rules.Decision;
import dev.portcullis.policy.rules.Phase;
import dev.portcullis.policy.rules.Rule;
import dev.portcullis.policy.rules.RuleSet;
import java.time.Instant;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One organisation's compiled policy: immutable, shared by every event loop, swapped whole by {@link PolicyStore}.
 *
 * <p>Evaluation follows Gateway's documented order. {@link #decideConnect}: l4 rules (NETWORK phase, first match,
 * no match allows), then the do-not-inspect/inspect rules (TLS_INSPECTION phase, no match inspects iff
 * {@code settings.tls_decrypt.enabled}); a connection that will not be decrypted then meets the http
 * allow/block/redirect rules whose fields are all known before decryption, so "block example.net" cannot be
 * bypassed by not inspecting. {@link #decideRequest}: the http allow/block/redirect rules on every plain or
 * decrypted request, no match giving {@code settings.default_action}.
 */
public final class OrgPolicy {
    private final String orgId;
    private final String version;
    private final Instant loadedAt;
    private final boolean tlsDecrypt;
    private final Action defaultAction;
    private final BlockPageSettings blockPage;
    private final int ruleCount;
    private final Intelligence intelligence;
    private final RuleSet network;
    private final RuleSet tlsInspection;
    private final RuleSet http;
    private final RuleSet httpBeforeDecryption;
    private final Stats stats;
    /** Contexts with just the fields the rule sets each decision consults read. */
    private final PolicyContexts connectContexts;
    private final PolicyContexts networkContexts;
    private final PolicyContexts requestContexts;
    private final Map<Rule, Decision> matched = new IdentityHashMap<>();
    private final Map<Rule, Decision> earlyDefaultAfter = new IdentityHashMap<>();
    private final Map<Rule, Decision> redirectBlocked = new IdentityHashMap<>();
    private final Decision networkDefault;
    private final Decision inspectDefault;
    private final Decision requestDefault;
    private final Decision earlyDefault;

    /** Counts for {@code policy check} and logs. */
    record Stats(int network, int tlsInspection, int http, int httpBeforeDecryption, int disabled, int lists,
            long listItems) {
        static final Stats NONE = new Stats(0, 0, 0, 0, 0, 0, 0);
    }

    OrgPolicy(String orgId, String version, Instant loadedAt, boolean tlsDecrypt, Action defaultAction,
            BlockPageSettings blockPage, Stats stats, Intelligence intelligence, RuleSet network,
            RuleSet tlsInspection, RuleSet http, RuleSet httpBeforeDecryption) {
        this.orgId = Objects.requireNonNull(orgId, "orgId");
        this.version = Objects.requireNonNull(version, "version");
        this.loadedAt = Objects.requireNonNull(loadedAt, "loadedAt");
        this.tlsDecrypt = tlsDecrypt;
        this.defaultAction = Objects.requireNonNull(defaultAction, "defaultAction");
        this.blockPage = Objects.requireNonNull(blockPage, "blockPage");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.ruleCount = stats.network() + stats.tlsInspection() + stats.http();
        this.intelligence = Objects.requireNonNull(intelligence, "intelligence");
        this.network = network;
        this.tlsInspection = tlsInspection;
        this.http = http;
        this.httpBeforeDecryption = httpBeforeDecryption;
        this.connectContexts = contexts(intelligence, network, tlsInspection, httpBeforeDecryption);
        this.requestContexts = contexts(intelligence, http);
        this.networkContexts = contexts(intelligence, network);
        String dflt = defaultAction.name().toLowerCase(Locale.ROOT);
        this.networkDefault = Decision.byDefault(Action.ALLOW, Phase.NETWORK, "no l4 rule matched");
        this.inspectDefault = Decision.byDefault(Action.ON, Phase.TLS_INSPECTION,
                "no tls inspection rule matched; settings.tls_decrypt.enabled is true");
        this.requestDefault = Decision.byDefault(defaultAction, Phase.HTTP,
                "no http rule matched; settings.default_action is " + dflt);
        String early = "; no http rule decidable before decryption matched; settings.default_action is " + dflt;
        this.earlyDefault = Decision.byDefault(defaultAction, Phase.HTTP,
                "not inspected (settings.tls_decrypt.enabled is false)" + early);
        // Decisions are values: build each once here rather than a reason string per request.
        for (RuleSet set : List.of(network, tlsInspection, http)) {
            for (Rule r : set.rules()) {
                matched.put(r, Decision.matched(r));
                if (r.action() == Action.OFF) {
                    earlyDefaultAfter.put(r, Decision.byDefault(defaultAction, Phase.HTTP,
                            "not inspected by " + Decision.matched(r).reason() + early));
                }
                if (r.action() == Action.REDIRECT) {
                    // A browser ignores a redirect answer to CONNECT, and letting the tunnel through would skip
                    // the rule.
                    redirectBlocked.put(r, new Decision(Action.BLOCK, Phase.HTTP, r, Decision.matched(r).reason()
                            + " redirects, but the connection is not inspected: blocked"));
                }
            }
        }
    }

    private static PolicyContexts contexts(Intelligence intel, RuleSet... sets) {
        Set<Field> fields = new HashSet<>();
        for (RuleSet s : sets) {
            Optional<Set<Field>> read = s.fieldsRead();
            if (read.isEmpty()) {
                return PolicyContexts.allFields(intel);
            }
            fields.addAll(read.get());
        }
        return PolicyContexts.forFields(fields, intel);
    }

    /** No rules, default allow, no decryption: for an org whose policy has not been written yet. */
    public static OrgPolicy allowAll(String orgId) {
        return PolicyCompiler.allowAll(orgId, Instant.now());
    }

    public String orgId() {
        return orgId;
    }

    /** First 12 hex digits of the SHA-256 of the document bytes ({@code "allow-all"} for {@link #allowAll}). */
    public String version() {
        return version;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    public boolean tlsDecryptEnabled() {
        return tlsDecrypt;
    }

    public BlockPageSettings blockPage() {
        return blockPage;
    }

    /** Enabled rules in force, all phases. */
    public int ruleCount() {
        return ruleCount;
    }

    Stats stats() {
        return stats;
    }

    /** The HTTP rules and the intelligence, for tests that check decisions against a fresh, complete context. */
    RuleSet httpRules() {
        return http;
    }

    Intelligence intelligence() {
        return intelligence;
    }

    /** The HTTP-phase action when no rule matches. */
    public Action defaultAction() {
        return defaultAction;
    }

    /** For a CONNECT (or a new upstream connection): NETWORK, then TLS_INSPECTION, then pre-decryption HTTP rules. */
    public ConnectDecision decideConnect(ConnectionFacts facts) {
        ExecutionContext ctx = connectContexts.network(facts);
        Optional<Rule> l4 = network.firstMatch(ctx);
        if (l4.isPresent() && l4.get().action() == Action.BLOCK) {
            return new ConnectDecision(matched.get(l4.get()), false);
        }
        Optional<Rule> tls = tlsInspection.firstMatch(ctx);
        boolean inspect = tls.map(r -> r.action() == Action.ON).orElse(tlsDecrypt);
        if (inspect) {
            return new ConnectDecision(tls.isPresent() ? matched.get(tls.get()) : inspectDefault, true);
        }
        Optional<Rule> early = httpBeforeDecryption.firstMatch(ctx);
        if (early.isEmpty()) {
            return new ConnectDecision(tls.isPresent() ? earlyDefaultAfter.get(tls.get()) : earlyDefault, false);
        }
        Rule rule = early.get();
        return new ConnectDecision(rule.action() == Action.REDIRECT ? redirectBlocked.get(rule) : matched.get(rule),
                false);
    }

    /** NETWORK phase only: for the upstream connection of a plain-HTTP request, before {@link #decideRequest}. */
    public Decision decideNetwork(ConnectionFacts facts) {
        ExecutionContext ctx = networkContexts.network(facts);
        Optional<Rule> r = network.firstMatch(ctx);
        return r.isPresent() ? matched.get(r.get()) : networkDefault;
    }

    /** HTTP phase, for every plain-HTTP request and every request inside an inspected tunnel. */
    public Decision decideRequest(RequestFacts facts) {
        ExecutionContext ctx = requestContexts.request(facts);
        Optional<Rule> r = http.firstMatch(ctx);
        return r.isPresent() ? matched.get(r.get()) : requestDefault;
    }

    @Override
    public String toString() {
        return "OrgPolicy[" + orgId + " " + version + ", " + ruleCount + " rules, loaded " + loadedAt + "]";
    }
}
