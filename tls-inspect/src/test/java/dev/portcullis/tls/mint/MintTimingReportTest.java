package dev.portcullis.tls.mint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.portcullis.tls.TestPki;
import dev.portcullis.tls.context.ClientFacingContexts;
import io.netty.handler.ssl.SslContext;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures, and only prints (no timing assertions: the build machine is shared): first-mint time per host, the
 * server-context build on top of it, and the cache-hit lookup. Target: first mint under 5 ms.
 */
class MintTimingReportTest {

    /** Enough for C2 to compile the EC arithmetic; with fewer, the first hundreds of mints run ~2x slower. */
    private static final int WARM_UP = 1000;
    private static final int HOSTS = 200;
    private static final int HIT_LOOKUPS = 20_000;
    private static final List<String> ALPN = List.of("h2", "http/1.1");

    @TempDir
    Path dir;

    @Test
    void printsMintAndCacheHitTimes() throws Exception {
        LeafMinter minter = new LeafMinter(TestPki.orgCa(dir));
        for (int i = 0; i < WARM_UP; i++) {
            MintedLeaf warm = minter.mint(LeafSpec.forHost("warm" + i + ".example"));
            if (i % 2 == 0) {
                ClientFacingContexts.forLeaf(warm, ALPN);
            }
        }

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] mint = new long[HOSTS];
        long[] mintCpu = new long[HOSTS];
        long[] context = new long[HOSTS];
        long[] contextCpu = new long[HOSTS];
        Set<String> serials = new HashSet<>();
        for (int i = 0; i < HOSTS; i++) {
            LeafSpec spec = LeafSpec.forHost("host" + i + ".example");
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            MintedLeaf leaf = minter.mint(spec);
            long minted = System.nanoTime();
            long cpuMinted = threads.getCurrentThreadCpuTime();
            ClientFacingContexts.forLeaf(leaf, ALPN);
            mint[i] = minted - start;
            mintCpu[i] = cpuMinted - cpuStart;
            context[i] = System.nanoTime() - minted;
            contextCpu[i] = threads.getCurrentThreadCpuTime() - cpuMinted;
            serials.add(leaf.leaf().getSerialNumber().toString());
        }
        assertEquals(HOSTS, serials.size());

        ExecutorService executor = LeafCache.newMintExecutor(1, 1024);
        long[] firstThroughCache = new long[HOSTS];
        long[] hit = new long[HIT_LOOKUPS];
        try {
            LeafCache cache = ClientFacingContexts.newCache(minter, executor, 10_000, MintListener.NONE);
            for (int i = 0; i < HOSTS; i++) {
                LeafSpec spec = LeafSpec.forHost("cached" + i + ".example");
                long start = System.nanoTime();
                cache.context(spec, ALPN).get(10, TimeUnit.SECONDS);
                firstThroughCache[i] = System.nanoTime() - start;
            }
            LeafSpec hot = LeafSpec.forHost("cached7.example");
            for (int i = 0; i < HIT_LOOKUPS; i++) {
                long start = System.nanoTime();
                CompletableFuture<SslContext> future = cache.context(hot, ALPN);
                future.getNow(null);
                hit[i] = System.nanoTime() - start;
            }
            assertEquals(HOSTS, cache.stats().mints());
        } finally {
            executor.shutdownNow();
        }

        System.out.printf("tls-inspect timing over %d distinct hosts after %d warm-up mints (%s, %d CPUs, load %.1f):%n",
                HOSTS, WARM_UP, dev.portcullis.tls.context.TlsProvider.describe(),
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println("  mint (P-256 key + sign), wall  " + summary(mint));
        System.out.println("  mint (P-256 key + sign), CPU   " + summary(mintCpu));
        System.out.println("  server SslContext build, wall  " + summary(context));
        System.out.println("  server SslContext build, CPU   " + summary(contextCpu));
        System.out.println("  first lookup through LeafCache " + summary(firstThroughCache));
        System.out.println("  cache-hit lookup               " + summary(hit));
    }

    private static String summary(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format("median %8.3f ms   p90 %8.3f ms   max %8.3f ms", ms(sorted[sorted.length / 2]),
                ms(sorted[(int) (sorted.length * 0.9)]), ms(sorted[sorted.length - 1]));
    }

    private static double ms(long nanos) {
        return nanos / 1_000_000.0;
    }
}
