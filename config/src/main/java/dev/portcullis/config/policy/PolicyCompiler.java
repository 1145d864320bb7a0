package dev.portcullis.config.policy;

import dev.portcullis.config.policy.PolicyDocument.ListDoc;
import dev.portcullis.config.policy.PolicyDocument.RuleDoc;
import dev.portcullis.config.policy.PolicyDocument.RuleSettingsDoc;
import dev.portcullis.policy.CompiledFilter;
import dev.portcullis.policy.FilterCompiler;
import dev.portcullis.policy.ParserSettings;
import dev.portcullis.policy.PolicyParseException;
import dev.portcullis.policy.Scheme;
import dev.portcullis.policy.gateway.GatewayScheme;
import dev.portcullis.policy.gateway.Intelligence;
import dev.portcullis.policy.lists.ListType;
import dev.portcullis.policy.lists.PolicyLists;
import dev.portcullis.policy.rules.Action;
import dev.portcullis.policy.rules.EvaluationMode;
import dev.portcullis.policy.rules.Phase;
import dev.portcullis.policy.rules.Rule;
import dev.portcullis.policy.rules.RuleSet;
import dev.portcullis.policy.rules.RuleSettings;
import dev.portcullis.policy.rules.UntrustedCertAction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Validated document → {@link OrgPolicy}: builds the lists, compiles every condition of every rule (disabled ones
 * too, so a broken rule is caught before someone enables it), and sorts rules into the four rule sets.
 * Expression errors are rendered by the engine with a caret and prefixed with the file, rule and condition.
 */
final class PolicyCompiler {
    private static final Scheme SCHEME = GatewayScheme.scheme();

    private final Problems problems;
    private final EvaluationMode mode;
    private final ParserSettings settings;

    PolicyCompiler(Problems problems) {
        this(problems, EvaluationMode.COMPILED, ParserSettings.defaults());
    }

    PolicyCompiler(Problems problems, EvaluationMode mode, ParserSettings settings) {
        this.problems = problems;
        this.mode = mode;
        this.settings = settings;
    }

    static OrgPolicy allowAll(String orgId, Instant now) {
        RuleSet empty = RuleSet.of(Phase.HTTP, List.of());
        return new OrgPolicy(orgId, "allow-all", now, false, Action.ALLOW, BlockPageSettings.DEFAULT, OrgPolicy.Stats.NONE,
                Intelligence.NONE, RuleSet.of(Phase.NETWORK, List.of()), RuleSet.of(Phase.TLS_INSPECTION, List.of()),
                empty, empty);
    }

    /** Returns null when problems were found (they are in {@code problems}). */
    OrgPolicy compile(String orgId, String version, Instant loadedAt, PolicyDocument doc, Intelligence intel) {
        PolicyLists lists = buildLists(doc.lists());
        List<Rule> network = new ArrayList<>();
        List<Rule> tls = new ArrayList<>();
        List<Rule> http = new ArrayList<>();
        int disabled = 0;
        for (RuleDoc r : doc.rules()) {
            Phase phase = phaseOf(r);
            CompiledFilter condition = condition(r, phase, lists);
            if (condition == null || !r.enabled()) {
                disabled += r.enabled() ? 0 : 1;
                continue;
            }
            Rule rule = new Rule(r.id(), r.name(), r.precedence(), action(r.action()), phase, condition,
                    settings(r.settings()));
            switch (phase) {
                case NETWORK -> network.add(rule);
                case TLS_INSPECTION -> tls.add(rule);
                case HTTP -> http.add(rule);
            }
        }
        if (!problems.isEmpty()) {
            return null;
        }
        var s = doc.settings();
        RuleSet httpSet = RuleSet.of(Phase.HTTP, http);
        // The HTTP rules whose every field is known from a CONNECT also judge tunnels that are not decrypted.
        RuleSet httpEarly = httpSet.restrictedTo(Phase.TLS_INSPECTION);
        return new OrgPolicy(orgId, version, loadedAt, s.tlsDecrypt(), action(s.defaultAction()),
                new BlockPageSettings(s.blockPageTitle(), s.blockPageFooter()),
                new OrgPolicy.Stats(network.size(), tls.size(), http.size(), httpEarly.size(), disabled,
                        doc.lists().size(), doc.lists().stream().mapToLong(l -> l.items().size()).sum()), intel,
                RuleSet.of(Phase.NETWORK, network), RuleSet.of(Phase.TLS_INSPECTION, tls),
                httpSet, httpEarly);
    }

    private PolicyLists buildLists(List<ListDoc> docs) {
        PolicyLists.Builder b = PolicyLists.builder();
        for (ListDoc l : docs) {
            try {
                b.add(l.name(), l.id(), ListType.valueOf(l.type()), l.items());
            } catch (IllegalArgumentException e) {
                problems.at(l.loc(), l.label() + " items", e.getMessage());
                // Register it empty so expressions naming it do not also fail with "unknown list".
                try {
                    b.add(l.name(), l.id(), ListType.valueOf(l.type()), List.of());
                } catch (IllegalArgumentException again) {
                    // name or id itself refused: already reported above
                }
            }
        }
        return b.build();
    }

    static Phase phaseOf(RuleDoc r) {
        if (r.filter().equals("l4")) {
            return Phase.NETWORK;
        }
        return r.action().equals("off") || r.action().equals("on") ? Phase.TLS_INSPECTION : Phase.HTTP;
    }

    /**
     * Compiles each condition on its own, so an error's line:column points into the text the admin wrote, and
     * joins them with the engine's conjunction so the rule set's index still sees through them.
     */
    private CompiledFilter condition(RuleDoc r, Phase phase, PolicyLists lists) {
        String[] names = {"traffic", "identity", "device_posture"};
        String[] sources = {r.traffic(), r.identity(), r.devicePosture()};
        List<CompiledFilter> parts = new ArrayList<>(3);
        boolean ok = true;
        for (int i = 0; i < names.length; i++) {
            if (sources[i].isBlank() && !(i == 0 && mode == EvaluationMode.REFERENCE)) {
                continue;
            }
            try {
                parts.add(compile(sources[i], lists, phase));
            } catch (PolicyParseException e) {
                problems.add(e.render(problems.source() + " " + r.label() + " " + names[i]));
                ok = false;
            }
        }
        if (!ok) {
            return null;
        }
        return parts.size() == 1 ? parts.get(0) : CompiledFilter.allOf(parts, phase);
    }

    private CompiledFilter compile(String source, PolicyLists lists, Phase phase) throws PolicyParseException {
        return mode == EvaluationMode.REFERENCE ? FilterCompiler.reference(SCHEME, source, lists, phase, settings)
                : FilterCompiler.compile(SCHEME, source, lists, phase, settings);
    }

    private static Action action(String a) {
        return Action.valueOf(a.toUpperCase(Locale.ROOT));
    }

    private static RuleSettings settings(RuleSettingsDoc s) {
        return new RuleSettings(s.blockPageEnabled(), s.blockReason(), s.redirectTarget(),
                s.preservePathAndQuery(), s.addHeaders(),
                s.untrustedCertAction() == null ? UntrustedCertAction.ERROR
                        : UntrustedCertAction.valueOf(s.untrustedCertAction().toUpperCase(Locale.ROOT)));
    }
}
