package dev.portcullis.proxy.daemon;

import dev.portcullis.proxy.decision.BlockPages;
import dev.portcullis.config.DaemonConfig;
import dev.portcullis.config.OrgSection;
import dev.portcullis.config.policy.BlockPageSettings;
import dev.portcullis.config.policy.PolicyDocumentException;
import dev.portcullis.config.policy.PolicyDocumentLoader;
import dev.portcullis.config.policy.ReloadResult;
import dev.portcullis.proxy.decision.EngineDecider;
import dev.portcullis.proxy.decision.PolicyDecider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The policies of every organisation a daemon serves, each a {@link PolicyRuntime} that loads, reloads and keeps
 * its last good policy on its own: a broken document for one organisation never touches another. Without
 * {@code orgs} there is one, {@code default}, from the top-level {@code policy} section.
 */
public final class OrgPolicies implements AutoCloseable, BlockPages {
    private static final Logger log = LoggerFactory.getLogger(OrgPolicies.class);

    private final Map<String, PolicyRuntime> byOrg;

    private OrgPolicies(Map<String, PolicyRuntime> byOrg) {
        this.byOrg = byOrg;
    }

    /** Wraps runtimes that were started one by one (tests, {@link PolicyRuntime#attach}). */
    public static OrgPolicies of(List<PolicyRuntime> runtimes) {
        Map<String, PolicyRuntime> m = new LinkedHashMap<>();
        runtimes.forEach(r -> m.put(r.org(), r));
        return new OrgPolicies(m);
    }

    /**
     * Loads the policy of every organisation in {@code config}; fails with the first organisation's errors (its
     * id in front) and stops those already started.
     */
    public static OrgPolicies start(DaemonConfig config) throws PolicyDocumentException {
        if (config.orgs().isEmpty()) {
            return of(List.of(PolicyRuntime.start(config)));
        }
        PolicyDocumentLoader loader = PolicyRuntime.loader(config);
        List<PolicyRuntime> started = new ArrayList<>();
        try {
            for (OrgSection o : config.orgs()) {
                try {
                    started.add(PolicyRuntime.start(o.id(), o.policyFile(), o.policyUrl(), config, loader));
                } catch (PolicyDocumentException e) {
                    throw new PolicyDocumentException(e.errors().stream()
                            .map(m -> "organisation '" + o.id() + "': " + m).toList());
                }
            }
        } catch (PolicyDocumentException | RuntimeException e) {
            started.forEach(PolicyRuntime::close);
            throw e;
        }
        return of(started);
    }

    /** The organisation's policy, or null when there is no such organisation. */
    public PolicyRuntime get(String org) {
        return byOrg.get(org);
    }

    /** Organisation ids in config order. */
    public List<String> ids() {
        return List.copyOf(byOrg.keySet());
    }

    /** Each organisation's decider, reading its policy fresh for every decision. */
    public Map<String, PolicyDecider> deciders() {
        Map<String, PolicyDecider> m = new LinkedHashMap<>();
        byOrg.forEach((org, r) -> m.put(org, new EngineDecider(r::current)));
        return m;
    }

    /** The block page settings of the first organisation's policy. */
    public BlockPageSettings blockPage() {
        return byOrg.values().iterator().next().current().blockPage();
    }

    /** The block page settings of {@code org}'s policy in force; the first organisation's when unattributed. */
    @Override
    public BlockPageSettings pageFor(String org) {
        PolicyRuntime runtime = org == null ? null : byOrg.get(org);
        return runtime == null ? blockPage() : runtime.current().blockPage();
    }

    /** Reloads every organisation; each result stands alone. */
    public CompletableFuture<Map<String, ReloadResult>> reloadAll() {
        Map<String, CompletableFuture<ReloadResult>> pending = new LinkedHashMap<>();
        byOrg.forEach((org, r) -> pending.put(org, r.reload()));
        return CompletableFuture.allOf(pending.values().toArray(CompletableFuture[]::new)).handle((v, e) -> {
            Map<String, ReloadResult> out = new LinkedHashMap<>();
            pending.forEach((org, f) -> out.put(org, f.isCompletedExceptionally()
                    ? new ReloadResult(false, byOrg.get(org).current(), List.of("internal error during reload"))
                    : f.join()));
            return out;
        });
    }

    /**
     * Wires the policies into a running daemon: version and reload metrics per organisation, the "policy"
     * readiness check, the policy admin API and each organisation's version in {@code /v1/status}.
     */
    public void attach(Daemon daemon) {
        byOrg.values().forEach(r -> r.observe(daemon.metrics()));
        daemon.readiness().add("policy", () -> byOrg.values().stream().allMatch(r -> r.current() != null));
        PolicyRoutes.install(daemon.adminRouter(), this);
        daemon.addStatus("orgs", this::status);
    }

    private List<Map<String, Object>> status() {
        List<Map<String, Object>> out = new ArrayList<>();
        byOrg.forEach((org, r) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", org);
            m.put("policy_version", r.current().version());
            m.put("rules", r.current().ruleCount());
            m.put("policy_source", r.source().name().toLowerCase(java.util.Locale.ROOT));
            out.add(m);
        });
        return out;
    }

    /** SIGHUP reloads every organisation's policy, then runs {@code alsoOnSighup} (users files). */
    public void reloadOnSighup(Runnable alsoOnSighup) {
        try {
            Signal.handle(new Signal("HUP"), signal -> {
                log.info("SIGHUP: reloading the policies of {} organisation(s) and the users files", byOrg.size());
                reloadAll();
                alsoOnSighup.run();
            });
        } catch (IllegalArgumentException e) {
            log.warn("SIGHUP is not available on this platform: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        byOrg.values().forEach(PolicyRuntime::close);
    }
}
