package dev.portcullis.proxy.daemon;

import dev.portcullis.config.DaemonConfig;
import dev.portcullis.config.policy.IntelligenceFile;
import dev.portcullis.config.policy.OrgPolicy;
import dev.portcullis.config.policy.PolicyDocumentException;
import dev.portcullis.config.policy.PolicyDocumentLoader;
import dev.portcullis.config.policy.PolicyStore;
import dev.portcullis.config.policy.ReloadResult;
import dev.portcullis.proxy.observe.ProxyMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The organisation policy of a running daemon: the configured file (compiled off the event loops, reloaded on
 * change, on SIGHUP and on request, keeping the last good policy on any error), or the embedded example policy.
 */
public final class PolicyRuntime implements AutoCloseable {
    public static final String DEFAULT_ORG = "default";
    private static final Logger log = LoggerFactory.getLogger(PolicyRuntime.class);

    private final PolicyStore store;
    private final OrgPolicy fixed;
    private final ExecutorService compiler;
    private volatile ProxyMetrics metrics;

    private PolicyRuntime(PolicyStore store, OrgPolicy fixed, ExecutorService compiler) {
        this.store = store;
        this.fixed = fixed;
        this.compiler = compiler;
    }

    /** Loads the intelligence file and the policy; fails (with every error) if either is invalid. */
    public static PolicyRuntime start(DaemonConfig config) throws PolicyDocumentException {
        IntelligenceFile intel = config.policy().intelligenceFile().isPresent()
                ? IntelligenceFile.load(config.policy().intelligenceFile().get())
                : IntelligenceFile.parse("embedded:intel/sample-intel.json", resource("/intel/sample-intel.json"));
        PolicyDocumentLoader loader = new PolicyDocumentLoader(intel);
        if (config.policy().file().isEmpty()) {
            OrgPolicy example = loader.parse(DEFAULT_ORG, "embedded:policy/example-policy.json",
                    resource("/policy/example-policy.json"));
            log.info("policy: the embedded example policy ({} rules); use --policy FILE for your own",
                    example.ruleCount());
            return new PolicyRuntime(null, example, null);
        }
        ExecutorService compiler = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "portcullis-policy-compile");
            t.setDaemon(true);
            return t;
        });
        PolicyStore store = new PolicyStore(DEFAULT_ORG, config.policy().file().get(), loader, compiler);
        try {
            store.start();
        } catch (PolicyDocumentException e) {
            compiler.shutdownNow();
            throw e;
        }
        if (config.policy().watch()) {
            store.watchFile();
        }
        log.info("policy: {} version {} ({} rules)", config.policy().file().get(), store.current().version(),
                store.current().ruleCount());
        return new PolicyRuntime(store, null, compiler);
    }

    private static byte[] resource(String name) {
        try (InputStream in = PolicyRuntime.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing embedded resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public OrgPolicy current() {
        return store != null ? store.current() : fixed;
    }

    /** Reloads the policy file; with the embedded policy there is nothing to reload. */
    public CompletableFuture<ReloadResult> reload() {
        if (store == null) {
            return CompletableFuture.completedFuture(new ReloadResult(true, fixed, List.of()));
        }
        return store.reload().whenComplete((r, e) -> {
            ProxyMetrics m = metrics;
            if (m != null && (e != null || !r.success())) {
                m.policyReloadFailed(DEFAULT_ORG);
            }
        });
    }

    /** The policy store behind a policy file, or null for the embedded policy. */
    public PolicyStore store() {
        return store;
    }

    /** Reports the loaded policy version now and on every successful reload. */
    public void observe(ProxyMetrics metrics) {
        metrics.policyReloaded(DEFAULT_ORG, numericVersion(current()));
        if (store != null) {
            store.addListener(p -> metrics.policyReloaded(DEFAULT_ORG, numericVersion(p)));
        }
        this.metrics = metrics;
    }

    private static long numericVersion(OrgPolicy p) {
        try {
            return Long.parseLong(p.version(), 16);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** SIGHUP reloads the policy (the store logs and counts the outcome). */
    public void reloadOnSighup() {
        try {
            Signal.handle(new Signal("HUP"), signal -> {
                log.info("SIGHUP: reloading policy");
                reload();
            });
        } catch (IllegalArgumentException e) {
            log.warn("SIGHUP is not available on this platform: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        if (store != null) {
            store.close();
        }
        if (compiler != null) {
            compiler.shutdownNow();
        }
    }
}
