package dev.portcullis.tls.mint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.tls.TestPki;
import dev.portcullis.tls.context.ClientFacingContexts;
import io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeafCacheTest {

    private static final long TIMEOUT = 15;

    @TempDir
    static Path dir;

    static LeafMinter minter;
    static ExecutorService mintExecutor;

    @BeforeAll
    static void setUp() throws Exception {
        minter = new LeafMinter(TestPki.orgCa(dir));
        mintExecutor = LeafCache.newMintExecutor(2, 256);
    }

    @AfterAll
    static void tearDown() throws InterruptedException {
        mintExecutor.shutdownNow();
        assertTrue(mintExecutor.awaitTermination(TIMEOUT, TimeUnit.SECONDS));
    }

    /** Holds submitted tasks until {@link #open}, so concurrent callers are all in flight at once. */
    static final class GatedExecutor implements Executor {
        private final ConcurrentLinkedQueue<Runnable> held = new ConcurrentLinkedQueue<>();
        private volatile boolean open;

        @Override
        public void execute(Runnable task) {
            if (open) {
                mintExecutor.execute(task);
            } else {
                held.add(task);
            }
        }

        int held() {
            return held.size();
        }

        void open() {
            open = true;
            for (Runnable task; (task = held.poll()) != null; ) {
                mintExecutor.execute(task);
            }
        }
    }

    /** Counts events and remembers which threads minted. */
    static final class Recorder implements MintListener {
        final AtomicInteger minted = new AtomicInteger();
        final AtomicInteger hits = new AtomicInteger();
        final AtomicInteger misses = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final ConcurrentLinkedQueue<String> mintThreads = new ConcurrentLinkedQueue<>();

        @Override
        public void minted(LeafSpec spec, long nanos) {
            minted.incrementAndGet();
            mintThreads.add(Thread.currentThread().getName());
        }

        @Override
        public void failed(LeafSpec spec, Throwable cause) {
            failed.incrementAndGet();
        }

        @Override
        public void hit() {
            hits.incrementAndGet();
        }

        @Override
        public void miss() {
            misses.incrementAndGet();
        }
    }

    private static LeafCache cache(Executor executor, MintListener listener) {
        return new LeafCache(minter, ClientFacingContexts::forLeaf, executor, 100, listener);
    }

    @Test
    void concurrentFirstRequestsMintOnce() throws Exception {
        GatedExecutor gate = new GatedExecutor();
        Recorder recorder = new Recorder();
        LeafCache cache = cache(gate, recorder);
        LeafSpec spec = LeafSpec.forHost("once.example");
        int threads = 32;
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<CompletableFuture<SslContext>>> calls = new ArrayList<>();
        ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            for (int i = 0; i < threads; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> {
                    awaitLatch(start);
                    return cache.context(spec, List.of("h2", "http/1.1"));
                }, callers));
            }
            start.countDown();
            List<CompletableFuture<SslContext>> results = new ArrayList<>();
            for (CompletableFuture<CompletableFuture<SslContext>> call : calls) {
                results.add(call.get(TIMEOUT, TimeUnit.SECONDS));
            }
            for (CompletableFuture<SslContext> result : results) {
                assertFalse(result.isDone(), "nothing may complete before the mint executor runs");
            }
            assertEquals(1, gate.held(), "exactly one mint task was submitted for " + threads + " callers");
            gate.open();
            SslContext first = results.get(0).get(TIMEOUT, TimeUnit.SECONDS);
            for (CompletableFuture<SslContext> result : results) {
                assertSame(first, result.get(TIMEOUT, TimeUnit.SECONDS));
            }
        } finally {
            callers.shutdownNow();
        }
        assertEquals(1, recorder.minted.get());
        assertEquals(1, recorder.misses.get());
        assertEquals(threads - 1, recorder.hits.get());
        LeafCacheStats stats = cache.stats();
        assertEquals(1, stats.mints());
        assertEquals(1, stats.misses());
        assertEquals(threads - 1, stats.hits());
        assertTrue(stats.totalMintNanos() > 0);
    }

    @Test
    void mintsOnTheMintExecutorNeverOnTheCaller() throws Exception {
        Recorder recorder = new Recorder();
        LeafCache cache = cache(mintExecutor, recorder);
        MintedLeaf leaf = cache.leaf(LeafSpec.forHost("thread.example")).get(TIMEOUT, TimeUnit.SECONDS);
        assertEquals("thread.example", leaf.spec().host());
        assertEquals(1, recorder.mintThreads.size());
        String thread = recorder.mintThreads.peek();
        assertTrue(thread.startsWith("portcullis-mint-"), thread);
        assertFalse(thread.equals(Thread.currentThread().getName()));
    }

    @Test
    void oneContextPerSpecAndAlpnSharingOneLeaf() throws Exception {
        Recorder recorder = new Recorder();
        LeafCache cache = cache(mintExecutor, recorder);
        LeafSpec spec = LeafSpec.forHost("alpn.example");
        SslContext h2 = cache.context(spec, List.of("h2", "http/1.1")).get(TIMEOUT, TimeUnit.SECONDS);
        SslContext h2Again = cache.context(spec, List.of("h2", "http/1.1")).get(TIMEOUT, TimeUnit.SECONDS);
        SslContext h1 = cache.context(spec, List.of("http/1.1")).get(TIMEOUT, TimeUnit.SECONDS);
        assertSame(h2, h2Again);
        assertNotSame(h2, h1);
        assertEquals(List.of("h2", "http/1.1"), h2.applicationProtocolNegotiator().protocols());
        assertEquals(List.of("http/1.1"), h1.applicationProtocolNegotiator().protocols());
        assertEquals(1, recorder.minted.get(), "both contexts present the same leaf");
        assertEquals(1, cache.stats().entries());
    }

    @Test
    void failedMintsAreNotCached() {
        Recorder recorder = new Recorder();
        LeafCache cache = cache(mintExecutor, recorder);
        Instant start = minter.authority().certificate().getNotAfter().toInstant().plus(Duration.ofDays(1));
        LeafSpec impossible = new LeafSpec("late.example", List.of(), List.of(), start, start.plus(Duration.ofDays(1)));
        for (int attempt = 1; attempt <= 2; attempt++) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> cache.leaf(impossible).get(TIMEOUT, TimeUnit.SECONDS));
            assertTrue(e.getCause().getMessage().contains("falls outside the CA's validity"), e.getCause().getMessage());
        }
        assertEquals(2, recorder.misses.get(), "the failure must not be cached");
        assertEquals(2, recorder.failed.get());
        assertEquals(0, recorder.minted.get());
        assertEquals(2, cache.stats().failures());
    }

    @Test
    void failedContextBuildsAreRetried() throws Exception {
        AtomicInteger builds = new AtomicInteger();
        LeafCache cache = new LeafCache(minter, (leaf, alpn) -> {
            if (builds.incrementAndGet() == 1) {
                throw new IllegalStateException("first build fails");
            }
            return ClientFacingContexts.forLeaf(leaf, alpn);
        }, mintExecutor, 100, MintListener.NONE);
        LeafSpec spec = LeafSpec.forHost("retry.example");
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> cache.context(spec, List.of()).get(TIMEOUT, TimeUnit.SECONDS));
        assertEquals("cannot build a TLS server context for retry.example with ALPN []: first build fails",
                e.getCause().getMessage());
        SslContext context = cache.context(spec, List.of()).get(TIMEOUT, TimeUnit.SECONDS);
        assertTrue(context.isServer());
        assertEquals(1, cache.stats().mints(), "the leaf was kept; only the context build was retried");
        assertEquals(1, cache.stats().failures());
    }

    @Test
    void aSaturatedExecutorFailsFastWithAClearMessage() {
        LeafCache cache = cache(task -> {
            throw new java.util.concurrent.RejectedExecutionException("queue full");
        }, MintListener.NONE);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> cache.leaf(LeafSpec.forHost("busy.example")).get(TIMEOUT, TimeUnit.SECONDS));
        assertEquals("mint executor is saturated; cannot mint a leaf for busy.example right now",
                e.getCause().getMessage());
    }

    @Test
    void entriesExpireBeforeTheirLeafDoes() throws Exception {
        Recorder recorder = new Recorder();
        LeafCache cache = cache(mintExecutor, recorder);
        Instant now = Instant.now();
        // A leaf ending inside the expiry margin must never be served from the cache.
        LeafSpec shortLived = new LeafSpec("short.example", List.of(), List.of(), now.minus(Duration.ofHours(1)),
                now.plus(LeafCache.EXPIRY_MARGIN).minusSeconds(30));
        MintedLeaf first = cache.leaf(shortLived).get(TIMEOUT, TimeUnit.SECONDS);
        MintedLeaf second = cache.leaf(shortLived).get(TIMEOUT, TimeUnit.SECONDS);
        assertNotSame(first, second);
        assertEquals(2, recorder.minted.get());

        LeafSpec normal = LeafSpec.forHost("normal.example");
        assertSame(cache.leaf(normal).get(TIMEOUT, TimeUnit.SECONDS), cache.leaf(normal).get(TIMEOUT, TimeUnit.SECONDS));
    }

    @Test
    void staysWithinItsBound() throws Exception {
        LeafCache cache = new LeafCache(minter, ClientFacingContexts::forLeaf, mintExecutor, 5, MintListener.NONE);
        for (int i = 0; i < 40; i++) {
            cache.leaf(LeafSpec.forHost("bound" + i + ".example")).get(TIMEOUT, TimeUnit.SECONDS);
        }
        // Caffeine evicts in its maintenance cycle, which is asynchronous: poll, bounded, until it has run.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT);
        while (cache.stats().entries() > 5 && System.nanoTime() < deadline) {
            cache.leaf(LeafSpec.forHost("bound0.example")).get(TIMEOUT, TimeUnit.SECONDS);
            Thread.onSpinWait();
        }
        assertTrue(cache.stats().entries() <= 5, "entries " + cache.stats().entries());
    }

    @Test
    void refusesBadArguments() {
        assertEquals("leaf cache size must be at least 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> new LeafCache(minter, ClientFacingContexts::forLeaf, mintExecutor, 0, MintListener.NONE))
                .getMessage());
        assertEquals("mint executor needs at least 1 thread and a queue of at least 1, got 0 threads and queue 5",
                assertThrows(IllegalArgumentException.class, () -> LeafCache.newMintExecutor(0, 5)).getMessage());
        LeafCache cache = cache(mintExecutor, MintListener.NONE);
        assertEquals("ALPN list [h2, ] contains an empty protocol name", assertThrows(IllegalArgumentException.class,
                () -> cache.context(LeafSpec.forHost("x.example"), List.of("h2", ""))).getMessage());
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            if (!latch.await(TIMEOUT, TimeUnit.SECONDS)) {
                throw new IllegalStateException("start latch timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
