package dev.portcullis.tls.mint;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.netty.handler.ssl.SslContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded cache of minted leaves and their server {@link SslContext}s, keyed by the whole {@link LeafSpec}.
 *
 * <p>Safe to call from an event loop: lookups never block, and minting and context building run on the mint
 * executor given at construction. Concurrent first lookups of one spec share one mint. Failures are not cached.
 * Entries expire {@link #EXPIRY_MARGIN} before their leaf's {@code notAfter}.
 */
public final class LeafCache {

    public static final int DEFAULT_MAX_ENTRIES = 10_000;
    /** An entry is dropped this long before its leaf expires, so no client is handed a leaf about to expire. */
    public static final Duration EXPIRY_MARGIN = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(LeafCache.class);

    /** Builds a server context from a minted leaf; {@code ClientFacingContexts::forLeaf} in production. */
    @FunctionalInterface
    public interface ContextFactory {
        SslContext create(MintedLeaf leaf, List<String> alpn) throws Exception;
    }

    private final LeafMinter minter;
    private final ContextFactory contextFactory;
    private final Executor mintExecutor;
    private final MintListener listener;
    private final Clock clock;
    private final AsyncCache<LeafSpec, LeafEntry> cache;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder mints = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder mintNanos = new LongAdder();

    /**
     * @param mintExecutor a dedicated bounded executor (see {@link #newMintExecutor}); owned by the caller
     * @param maxEntries   maximum number of cached leaves
     */
    public LeafCache(LeafMinter minter, ContextFactory contextFactory, Executor mintExecutor, int maxEntries,
            MintListener listener) {
        this(minter, contextFactory, mintExecutor, maxEntries, listener, Clock.systemUTC());
    }

    LeafCache(LeafMinter minter, ContextFactory contextFactory, Executor mintExecutor, int maxEntries,
            MintListener listener, Clock clock) {
        if (minter == null || contextFactory == null || mintExecutor == null || listener == null || clock == null) {
            throw new IllegalArgumentException("minter, contextFactory, mintExecutor, listener and clock are required");
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("leaf cache size must be at least 1, got " + maxEntries);
        }
        this.minter = minter;
        this.contextFactory = contextFactory;
        this.mintExecutor = mintExecutor;
        this.listener = listener;
        this.clock = clock;
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfter(new LeafExpiry(clock))
                .buildAsync();
    }

    /**
     * A fixed pool of daemon threads named {@code portcullis-mint-N} with a bounded queue; when the queue is full,
     * lookups fail fast (the handshake fails) instead of piling up work.
     */
    public static ExecutorService newMintExecutor(int threads, int queueCapacity) {
        if (threads < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("mint executor needs at least 1 thread and a queue of at least 1, got "
                    + threads + " threads and queue " + queueCapacity);
        }
        AtomicInteger counter = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity), runnable -> {
                    Thread thread = new Thread(runnable, "portcullis-mint-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /** The minted leaf for {@code spec}, minting it on the mint executor if it is not cached. */
    public CompletableFuture<MintedLeaf> leaf(LeafSpec spec) {
        return entry(spec).thenApply(LeafEntry::leaf);
    }

    /** A server context serving the leaf for {@code spec} and negotiating ALPN from {@code alpn} (empty: no ALPN). */
    public CompletableFuture<SslContext> context(LeafSpec spec, List<String> alpn) {
        List<String> protocols = checkAlpn(alpn);
        return entry(spec).thenCompose(entry -> entry.context(protocols, contextFactory, mintExecutor)
                .whenComplete((context, failure) -> {
                    if (failure != null) {
                        failures.increment();
                        notifyFailed(spec, failure);
                    }
                }));
    }

    public LeafCacheStats stats() {
        return new LeafCacheStats(hits.sum(), misses.sum(), mints.sum(), failures.sum(), mintNanos.sum(),
                cache.synchronous().estimatedSize());
    }

    private CompletableFuture<LeafEntry> entry(LeafSpec spec) {
        if (spec == null) {
            throw new IllegalArgumentException("leaf spec must not be null");
        }
        CompletableFuture<LeafEntry> present = cache.getIfPresent(spec);
        if (present != null && isStale(present)) {
            // Caffeine drops failed futures, and times completed ones, from a completion callback that may run after
            // the result reached its callers: a caller coming back at once must not see a failure or a dying leaf.
            cache.asMap().remove(spec, present);
        }
        boolean[] started = new boolean[1];
        CompletableFuture<LeafEntry> future = cache.get(spec, (key, ignoredCacheExecutor) -> {
            started[0] = true;
            return mintAsync(key);
        });
        if (started[0]) {
            misses.increment();
            notify(MintListener::miss);
        } else {
            hits.increment();
            notify(MintListener::hit);
        }
        return future;
    }

    private boolean isStale(CompletableFuture<LeafEntry> future) {
        if (future.isCompletedExceptionally()) {
            return true;
        }
        return future.isDone() && LeafExpiry.remaining(future.join(), clock).isZero();
    }

    private CompletableFuture<LeafEntry> mintAsync(LeafSpec spec) {
        try {
            return CompletableFuture.supplyAsync(() -> mintNow(spec), mintExecutor);
        } catch (RejectedExecutionException e) {
            failures.increment();
            notifyFailed(spec, e);
            return CompletableFuture.failedFuture(rejected(spec, e));
        }
    }

    private LeafEntry mintNow(LeafSpec spec) {
        long start = System.nanoTime();
        MintedLeaf leaf;
        try {
            leaf = minter.mint(spec);
        } catch (RuntimeException e) {
            failures.increment();
            notifyFailed(spec, e);
            throw e;
        }
        long nanos = System.nanoTime() - start;
        mints.increment();
        mintNanos.add(nanos);
        try {
            listener.minted(spec, nanos);
        } catch (RuntimeException e) {
            LOG.warn("mint listener failed", e);
        }
        return new LeafEntry(leaf);
    }

    static IllegalStateException rejected(LeafSpec spec, RejectedExecutionException cause) {
        return new IllegalStateException("mint executor is saturated; cannot mint a leaf for " + spec.host()
                + " right now", cause);
    }

    private static List<String> checkAlpn(List<String> alpn) {
        if (alpn == null) {
            throw new IllegalArgumentException("ALPN list must not be null (use an empty list for no ALPN)");
        }
        for (String protocol : alpn) {
            if (protocol == null || protocol.isBlank()) {
                throw new IllegalArgumentException("ALPN list " + alpn + " contains an empty protocol name");
            }
        }
        return List.copyOf(alpn);
    }

    private void notify(Consumer<MintListener> event) {
        try {
            event.accept(listener);
        } catch (RuntimeException e) {
            LOG.warn("mint listener failed", e);
        }
    }

    private void notifyFailed(LeafSpec spec, Throwable failure) {
        notify(l -> l.failed(spec, failure));
    }

    /** Keeps an entry until {@link #EXPIRY_MARGIN} before its leaf's (CA-clipped) notAfter. */
    private static final class LeafExpiry implements Expiry<LeafSpec, LeafEntry> {
        private static final Duration MAX_EXPIRY = Duration.ofDays(365);
        private final Clock clock;

        LeafExpiry(Clock clock) {
            this.clock = clock;
        }

        @Override
        public long expireAfterCreate(LeafSpec key, LeafEntry value, long currentTime) {
            return remaining(value, clock).toNanos();
        }

        /** Time left to serve {@code entry}: zero once inside the margin, capped so it fits in nanoseconds. */
        static Duration remaining(LeafEntry entry, Clock clock) {
            Instant expiry = entry.leaf().leaf().getNotAfter().toInstant().minus(EXPIRY_MARGIN);
            Duration remaining = Duration.between(clock.instant(), expiry);
            if (remaining.isNegative()) {
                return Duration.ZERO;
            }
            return remaining.compareTo(MAX_EXPIRY) > 0 ? MAX_EXPIRY : remaining;
        }

        @Override
        public long expireAfterUpdate(LeafSpec key, LeafEntry value, long currentTime, long currentDuration) {
            return expireAfterCreate(key, value, currentTime);
        }

        @Override
        public long expireAfterRead(LeafSpec key, LeafEntry value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
