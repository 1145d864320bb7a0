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
import java.nio.file.Files;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The policy of one organisation of a running daemon ({@link OrgPolicies} holds them all), from one of three sources: the configured file (compiled off the
 * event loops, reloaded on change, on SIGHUP and on request, replaced by the admin API), an HTTPS URL (polled), or
 * the embedded example policy. Every source keeps the last good policy on any error.
 */
public final class PolicyRuntime implements AutoCloseable {
    public static final String DEFAULT_ORG = "default";
    private static final Logger log = LoggerFactory.getLogger(PolicyRuntime.class);

    /** Where the policy comes from; only a file can be replaced through the admin API. */
    public enum Source { EMBEDDED, FILE, URL }

    private final String org;
    private final PolicyStore store;
    private final PolicyUrlPoller poller;
    private final OrgPolicy fixed;
    private final byte[] fixedDocument;
    private final ExecutorService compiler;
    private final Path file;
    private volatile byte[] fileDocument;
    private volatile ProxyMetrics metrics;

    private PolicyRuntime(String org, PolicyStore store, PolicyUrlPoller poller, OrgPolicy fixed,
                          byte[] fixedDocument, ExecutorService compiler, Path file) {
        this.org = org;
        this.store = store;
        this.poller = poller;
        this.fixed = fixed;
        this.fixedDocument = fixedDocument;
        this.compiler = compiler;
        this.file = file;
    }

    /**
     * The single organisation {@code default} of a daemon without {@code orgs}: the top-level policy section.
     * Loads the intelligence file and the policy; fails (with every error) if either is invalid or unreachable.
     */
    public static PolicyRuntime start(DaemonConfig config) throws PolicyDocumentException {
        return start(DEFAULT_ORG, config.policy().file(), config.policy().url(), config, loader(config));
    }

    /** The document loader every organisation shares: the intelligence file (or the embedded sample). */
    static PolicyDocumentLoader loader(DaemonConfig config) throws PolicyDocumentException {
        IntelligenceFile intel = config.policy().intelligenceFile().isPresent()
                ? IntelligenceFile.load(config.policy().intelligenceFile().get())
                : IntelligenceFile.parse("embedded:intel/sample-intel.json", resource("/intel/sample-intel.json"));
        return new PolicyDocumentLoader(intel);
    }

    /**
     * One organisation's policy from {@code file} or {@code url} (neither: the embedded example); reload settings
     * ({@code watch}, {@code poll_interval}) and trusted roots come from {@code config}.
     */
    static PolicyRuntime start(String org, Optional<Path> policyFile, Optional<URI> url, DaemonConfig config,
                               PolicyDocumentLoader loader) throws PolicyDocumentException {
        if (url.isPresent()) {
            return startPolling(org, url.get(), config, loader);
        }
        if (policyFile.isEmpty()) {
            byte[] doc = resource("/policy/example-policy.json");
            OrgPolicy example = loader.parse(org, "embedded:policy/example-policy.json", doc);
            log.info("policy of '{}': the embedded example policy ({} rules); use --policy FILE for your own", org,
                    example.ruleCount());
            return new PolicyRuntime(org, null, null, example, doc, null, null);
        }
        ExecutorService compiler = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "portcullis-policy-compile-" + org);
            t.setDaemon(true);
            return t;
        });
        Path file = policyFile.get();
        PolicyStore store = new PolicyStore(org, file, loader, compiler);
        try {
            store.start();
        } catch (PolicyDocumentException e) {
            compiler.shutdownNow();
            throw e;
        }
        PolicyRuntime runtime = new PolicyRuntime(org, store, null, null, null, compiler, file);
        runtime.rememberFileDocument(store.current());
        store.addListener(runtime::rememberFileDocument);
        // Every failure counts, whoever triggered it: the file watcher, SIGHUP or the admin API.
        store.addFailureListener(errors -> {
            ProxyMetrics m = runtime.metrics;
            if (m != null) {
                m.policyReloadFailed(org);
            }
        });
        if (config.policy().watch()) {
            store.watchFile();
        }
        log.info("policy of '{}': {} version {} ({} rules)", org, file, store.current().version(),
                store.current().ruleCount());
        return runtime;
    }

    private static PolicyRuntime startPolling(String org, URI url, DaemonConfig config, PolicyDocumentLoader loader)
            throws PolicyDocumentException {
        PolicyRuntime[] self = new PolicyRuntime[1];
        PolicyUrlPoller poller;
        try {
            poller = new PolicyUrlPoller(org, url, config.policy().pollInterval(),
                    SystemPlusFilesTrust.context(config.upstream().caFiles()), loader,
                    r -> self[0].polled(r));
        } catch (IllegalArgumentException e) {
            throw new PolicyDocumentException(e.getMessage());
        }
        PolicyRuntime runtime = new PolicyRuntime(org, null, poller, null, null, null, null);
        self[0] = runtime;
        try {
            poller.start();
        } catch (PolicyDocumentException e) {
            poller.close();
            throw e;
        }
        log.info("policy of '{}': {} version {} ({} rules), polled every {}", org, url,
                poller.current().version(), poller.current().ruleCount(), config.policy().pollInterval());
        return runtime;
    }

    private void polled(ReloadResult r) {
        ProxyMetrics m = metrics;
        if (m == null) {
            return;
        }
        if (r.success()) {
            m.policyReloaded(org, numericVersion(r.policy()));
        } else {
            m.policyReloadFailed(org);
        }
    }

    /** Keeps the bytes of the version in force for {@code GET /v1/orgs/{org}/policy}. Runs on the compile thread. */
    private void rememberFileDocument(OrgPolicy p) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (PolicyDocumentLoader.version(bytes).equals(p.version())) {
                fileDocument = bytes;
            }
        } catch (IOException e) {
            log.warn("policy of '{}': cannot re-read {} to serve it on the admin API: {}", org, file, e.toString());
        }
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
        if (store != null) {
            return store.current();
        }
        return poller != null ? poller.current() : fixed;
    }

    public Source source() {
        return store != null ? Source.FILE : poller != null ? Source.URL : Source.EMBEDDED;
    }

    /**
     * The document of the policy in force. Null only in the rare case that the policy file changed after the last
     * reload and the bytes of the running version were never read (a failed reload right at start).
     */
    public CompletableFuture<byte[]> document() {
        return switch (source()) {
            case EMBEDDED -> CompletableFuture.completedFuture(fixedDocument.clone());
            case URL -> CompletableFuture.completedFuture(poller.document());
            case FILE -> CompletableFuture.supplyAsync(() -> {
                byte[] cached = fileDocument;
                String version = store.current().version();
                if (cached != null && PolicyDocumentLoader.version(cached).equals(version)) {
                    return cached.clone();
                }
                rememberFileDocument(store.current());
                cached = fileDocument;
                return cached != null && PolicyDocumentLoader.version(cached).equals(version) ? cached.clone() : null;
            }, compiler);
        };
    }

    /** Reloads the policy file or polls the URL now; with the embedded policy there is nothing to reload. */
    public CompletableFuture<ReloadResult> reload() {
        return switch (source()) {
            case EMBEDDED -> CompletableFuture.completedFuture(new ReloadResult(true, fixed, List.of()));
            case URL -> poller.pollNow();
            case FILE -> store.reload();
        };
    }

    /**
     * Validates, compiles (off the caller's thread), writes over the policy file and swaps in {@code document};
     * on any error the old policy stays and the result lists why.
     *
     * @throws IllegalStateException when the policy does not come from a file (nothing to write)
     */
    public CompletableFuture<ReloadResult> replace(byte[] document) {
        if (store == null) {
            throw new IllegalStateException("the policy comes from " + (poller != null ? "a URL" : "the embedded "
                    + "example") + ", not a file: nothing to replace");
        }
        return store.replace(document);
    }

    /** The policy store behind a policy file, or null for the embedded or URL policy. */
    public PolicyStore store() {
        return store;
    }

    /** The organisation this policy belongs to. */
    public String org() {
        return org;
    }

    /** Reports the loaded policy version now and on every successful reload, and every failed reload. */
    public void observe(ProxyMetrics metrics) {
        metrics.policyReloaded(org, numericVersion(current()));
        if (store != null) {
            store.addListener(p -> metrics.policyReloaded(org, numericVersion(p)));
        }
        this.metrics = metrics;
    }

    /**
     * Wires this policy, as the daemon's only organisation, into a running daemon: version metrics, the "policy"
     * readiness check and the policy admin API ({@code GET|PUT /v1/orgs/{org}/policy}, {@code POST /v1/reload}).
     */
    public void attach(Daemon daemon) {
        OrgPolicies.of(List.of(this)).attach(daemon);
    }

    static long numericVersion(OrgPolicy p) {
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
        if (poller != null) {
            poller.close();
        }
        if (compiler != null) {
            compiler.shutdownNow();
        }
    }
}
