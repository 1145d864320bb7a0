package dev.portcullis.config.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current compiled policy of one organisation. Readers do one volatile read; reloads compile on the given
 * executor, one at a time in request order (so an older document can never overwrite a newer one), and swap the
 * reference only after a complete, successful compile. A failed reload keeps the last good policy.
 *
 * <p>{@link #replace(byte[])} (the admin API's PUT) validates and compiles the new document, then writes it over
 * the policy file (temp file + atomic rename) before swapping: otherwise the next SIGHUP or file-change reload
 * would silently revert the admin's change.
 */
public final class PolicyStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyStore.class);

    private final String orgId;
    private final Path file;
    private final PolicyDocumentLoader loader;
    private final Executor compileExecutor;
    private final List<Consumer<OrgPolicy>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<List<String>>> failureListeners = new CopyOnWriteArrayList<>();
    private final AtomicLong successes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final Object chainLock = new Object();
    private CompletableFuture<?> tail = CompletableFuture.completedFuture(null);
    private volatile OrgPolicy current;
    private volatile String lastError;
    private volatile FileWatcher watcher;
    private volatile boolean closed;

    public PolicyStore(String orgId, Path file, PolicyDocumentLoader loader, Executor compileExecutor) {
        this.orgId = Objects.requireNonNull(orgId, "orgId");
        this.file = Objects.requireNonNull(file, "file");
        this.loader = Objects.requireNonNull(loader, "loader");
        this.compileExecutor = Objects.requireNonNull(compileExecutor, "compileExecutor");
    }

    /** The policy in force. Never null once {@link #start()} succeeded. */
    public OrgPolicy current() {
        OrgPolicy p = current;
        if (p == null) {
            throw new IllegalStateException("policy store for org '" + orgId + "' has not been started");
        }
        return p;
    }

    /** Loads the file on the caller's thread; a broken file at startup is fatal rather than silently permissive. */
    public void start() throws PolicyDocumentException {
        OrgPolicy p = loader.load(orgId, file);
        current = p;
        LOG.info("org {}: policy {} loaded from {} ({} rules)", orgId, p.version(), file, p.ruleCount());
    }

    /** Re-reads the policy file. Also what the daemon calls on SIGHUP. */
    public CompletableFuture<ReloadResult> reload() {
        return enqueue(() -> {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                return List.of(file + ": cannot read: " + e);
            }
            return bytes;
        }, false);
    }

    /** Validates, compiles, persists to the policy file and swaps in {@code document}. */
    public CompletableFuture<ReloadResult> replace(byte[] document) {
        byte[] copy = document.clone();
        return enqueue(() -> copy, true);
    }

    /** Reloads when the policy file changes (own daemon thread, debounced); idempotent. */
    public void watchFile() {
        synchronized (chainLock) {
            if (watcher != null || closed) {
                return;
            }
            try {
                watcher = FileWatcher.start(file, FileWatcher.DEFAULT_DEBOUNCE_MILLIS, "policy-watch-" + orgId,
                        this::reload);
            } catch (IOException e) {
                throw new IllegalStateException("cannot watch policy file " + file + " of org '" + orgId + "': " + e,
                        e);
            }
        }
    }

    public long reloadSuccesses() {
        return successes.get();
    }

    public long reloadFailures() {
        return failures.get();
    }

    /** All errors of the last failed reload, joined by newlines; null if the last reload succeeded. */
    public String lastError() {
        return lastError;
    }

    /** Called on the compile thread after every swap to a new version. */
    public void addListener(Consumer<OrgPolicy> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Called on the compile thread after every failed reload or replace, whoever asked for it (file watcher,
     * SIGHUP, admin API), with its errors.
     */
    public void addFailureListener(Consumer<List<String>> listener) {
        failureListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void close() {
        synchronized (chainLock) {
            closed = true;
            if (watcher != null) {
                watcher.close();
                watcher = null;
            }
        }
    }

    /** A document source yields either the bytes or the errors that prevented reading them. */
    private interface Source {
        Object read();
    }

    private CompletableFuture<ReloadResult> enqueue(Source source, boolean persist) {
        synchronized (chainLock) {
            CompletableFuture<ReloadResult> next = tail.handle((ignored, err) -> null)
                    .thenApplyAsync(ignored -> apply(source, persist), compileExecutor);
            tail = next;
            return next;
        }
    }

    @SuppressWarnings("unchecked")
    private ReloadResult apply(Source source, boolean persist) {
        OrgPolicy before = current;
        Object read;
        try {
            read = source.read();
        } catch (RuntimeException e) {
            read = List.of(file + ": " + e);
        }
        if (read instanceof List<?> errors) {
            return failed(before, (List<String>) errors);
        }
        byte[] bytes = (byte[]) read;
        if (before != null && before.version().equals(PolicyDocumentLoader.version(bytes))) {
            successes.incrementAndGet();
            lastError = null;
            return new ReloadResult(true, before, List.of());
        }
        OrgPolicy next;
        try {
            next = loader.parse(orgId, file.toString(), bytes);
        } catch (PolicyDocumentException e) {
            return failed(before, e.errors());
        } catch (RuntimeException e) {
            // An engine bug must not take the store down or leave it half-swapped: keep the last good policy.
            LOG.error("org {}: unexpected failure compiling {}", orgId, file, e);
            return failed(before, List.of(file + ": internal error while compiling: " + e));
        }
        if (persist) {
            try {
                writeAtomically(bytes);
            } catch (IOException e) {
                return failed(before, List.of(file + ": policy is valid but could not be saved: " + e));
            }
        }
        current = next;
        successes.incrementAndGet();
        lastError = null;
        LOG.info("org {}: policy {} -> {} ({} rules)", orgId, before == null ? "none" : before.version(),
                next.version(), next.ruleCount());
        for (Consumer<OrgPolicy> l : listeners) {
            try {
                l.accept(next);
            } catch (RuntimeException e) {
                LOG.warn("org {}: policy listener failed", orgId, e);
            }
        }
        return new ReloadResult(true, next, List.of());
    }

    private ReloadResult failed(OrgPolicy kept, List<String> errors) {
        failures.incrementAndGet();
        lastError = String.join("\n", errors);
        LOG.error("org {}: policy reload failed, keeping version {}:\n{}", orgId,
                kept == null ? "none" : kept.version(), lastError);
        for (Consumer<List<String>> l : failureListeners) {
            try {
                l.accept(errors);
            } catch (RuntimeException e) {
                LOG.warn("org {}: policy failure listener failed", orgId, e);
            }
        }
        return new ReloadResult(false, kept, errors);
    }

    private void writeAtomically(byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
