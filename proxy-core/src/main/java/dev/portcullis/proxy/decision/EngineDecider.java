package dev.portcullis.proxy.decision;

import dev.portcullis.config.policy.ConnectDecision;
import dev.portcullis.config.policy.OrgPolicy;
import dev.portcullis.policy.gateway.ConnectionFacts;
import dev.portcullis.policy.gateway.RequestFacts;
import dev.portcullis.policy.rules.Decision;
import dev.portcullis.policy.rules.Rule;
import dev.portcullis.policy.rules.RuleSettings;

import java.util.function.Supplier;

/** Decides with the organisation's compiled policy, read fresh (one volatile read) for every decision. */
public final class EngineDecider implements PolicyDecider {
    private final Supplier<OrgPolicy> policy;

    public EngineDecider(Supplier<OrgPolicy> policy) {
        this.policy = policy;
    }

    @Override
    public GateVerdict decideConnect(ConnectionFacts facts) {
        ConnectDecision d = policy.get().decideConnect(facts);
        return verdict(d.decision(), d.inspect(), null);
    }

    @Override
    public GateVerdict decideNetwork(ConnectionFacts facts) {
        return verdict(policy.get().decideNetwork(facts), false, null);
    }

    @Override
    public GateVerdict decideRequest(RequestFacts facts) {
        return verdict(policy.get().decideRequest(facts), false, facts);
    }

    static GateVerdict verdict(Decision d, boolean inspect, RequestFacts request) {
        Rule rule = d.rule();
        String ruleId = rule == null ? null : rule.id();
        String ruleName = rule == null ? null : rule.name();
        RuleSettings settings = rule == null ? RuleSettings.defaults() : rule.settings();
        return switch (d.action()) {
            case BLOCK -> new GateVerdict(GateVerdict.Kind.BLOCK, false, ruleId, ruleName,
                    settings.blockReason() != null ? settings.blockReason() : "blocked by " + d.reason(), null,
                    settings.blockPageEnabled());
            case REDIRECT -> new GateVerdict(GateVerdict.Kind.REDIRECT, false, ruleId, ruleName, d.reason(),
                    redirectLocation(settings, request), false);
            case ALLOW, OFF, ON -> new GateVerdict(GateVerdict.Kind.ALLOW, inspect, ruleId, ruleName, d.reason(),
                    null, false, settings.untrustedCertAction());
        };
    }

    /** The rule's target, with the request's path and query appended when the rule asks to preserve them. */
    static String redirectLocation(RuleSettings settings, RequestFacts request) {
        String target = settings.redirectTarget();
        if (!settings.preservePathAndQuery() || request == null) {
            return target;
        }
        String base = target.endsWith("/") ? target.substring(0, target.length() - 1) : target;
        return base + request.path() + (request.query() == null ? "" : "?" + request.query());
    }
}
