package dev.portcullis.config.policy;

import static dev.portcullis.config.policy.Facts.request;
import static dev.portcullis.config.policy.Facts.user;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.policy.rules.Action;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyStoreTest {
    @TempDir
    Path dir;
    private Path file;
    private ExecutorService executor;
    private PolicyStore store;

    /** A one-rule document blocking {@code host}. */
    static byte[] blocking(String host) {
        return ("{\"rules\": [{\"name\": \"Block " + host + "\", \"precedence\": 10, \"action\": \"block\","
                + " \"filters\": [\"http\"], \"traffic\": \"http.request.host == \\\"" + host + "\\\"\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    @BeforeEach
    void setUp() throws Exception {
        file = dir.resolve("acme.json");
        Files.write(file, blocking("a.example"));
        executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "policy-compile-test"));
        store = new PolicyStore("acme", file, new PolicyDocumentLoader(), executor);
    }

    @AfterEach
    void tearDown() throws Exception {
        store.close();
        executor.shutdownNow();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
    }

    private static boolean blocks(OrgPolicy p, String host) {
        return p.decideRequest(request(host, "/", user())).action() == Action.BLOCK;
    }

    /** Polls without sleeping on a fixed schedule: parks briefly between checks, bounded by {@code seconds}. */
    private static void await(String what, int seconds, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    @Test
    void currentBeforeStartFailsClearly() {
        IllegalStateException e = assertThrows(IllegalStateException.class, store::current);
        assertTrue(e.getMessage().contains("acme"), e.getMessage());
    }

    @Test
    void startFailsLoudlyOnBrokenFile() throws Exception {
        Files.writeString(file, "{\"rules\": [");
        PolicyDocumentException e = assertThrows(PolicyDocumentException.class, store::start);
        assertTrue(e.getMessage().startsWith(file + ":"), e.getMessage());
    }

    @Test
    void reloadSwapsAndNotifiesListeners() throws Exception {
        store.start();
        OrgPolicy first = store.current();
        assertTrue(blocks(first, "a.example"));
        List<OrgPolicy> seen = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        store.addListener(seen::add);
        store.addListener(p -> threads.add(Thread.currentThread().getName()));

        Files.write(file, blocking("b.example"));
        ReloadResult r = store.reload().get(10, TimeUnit.SECONDS);
        assertTrue(r.success(), r.errors().toString());
        assertSame(r.policy(), store.current());
        assertTrue(blocks(store.current(), "b.example"));
        assertFalse(blocks(store.current(), "a.example"));
        assertEquals(List.of(r.policy()), seen);
        assertEquals(List.of("policy-compile-test"), threads, "compiled and swapped on the store's executor");
        assertEquals(1, store.reloadSuccesses());
        assertNull(store.lastError());
    }

    @Test
    void brokenReloadKeepsLastGoodPolicyAndCountsFailure() throws Exception {
        store.start();
        OrgPolicy good = store.current();
        Files.writeString(file, "{\"rules\": [{\"name\": \"x\", \"precedence\": 1, \"action\": \"blok\","
                + " \"filters\": [\"http\"]}]}");
        ReloadResult r = store.reload().get(10, TimeUnit.SECONDS);
        assertFalse(r.success());
        assertSame(good, r.policy());
        assertSame(good, store.current());
        assertEquals(1, store.reloadFailures());
        assertEquals(0, store.reloadSuccesses());
        assertTrue(store.lastError().contains("unknown action 'blok'"), store.lastError());
        assertEquals(List.of(store.lastError()), r.errors());

        Files.delete(file);
        ReloadResult missing = store.reload().get(10, TimeUnit.SECONDS);
        assertFalse(missing.success());
        assertTrue(missing.errors().get(0).contains("cannot read"), missing.errors().toString());
        assertSame(good, store.current());
        assertEquals(2, store.reloadFailures());
    }

    @Test
    void unchangedDocumentDoesNotSwap() throws Exception {
        store.start();
        OrgPolicy first = store.current();
        ReloadResult r = store.reload().get(10, TimeUnit.SECONDS);
        assertTrue(r.success());
        assertSame(first, store.current());
    }

    @Test
    void replaceValidatesPersistsAndSwaps() throws Exception {
        store.start();
        OrgPolicy before = store.current();
        ReloadResult bad = store.replace("{\"rules\": 3}".getBytes(StandardCharsets.UTF_8)).get(10, TimeUnit.SECONDS);
        assertFalse(bad.success());
        assertSame(before, store.current());
        assertArrayEquals(blocking("a.example"), Files.readAllBytes(file), "a refused document is not saved");

        ReloadResult ok = store.replace(blocking("c.example")).get(10, TimeUnit.SECONDS);
        assertTrue(ok.success(), ok.errors().toString());
        assertTrue(blocks(store.current(), "c.example"));
        assertArrayEquals(blocking("c.example"), Files.readAllBytes(file), "the new document survives a restart");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temp files left behind");
        }
    }

    @Test
    void readersNeverSeeNullOrHalfStateDuringReloads() throws Exception {
        store.start();
        Set<String> versions = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] readers = new Thread[2];
        for (int i = 0; i < readers.length; i++) {
            readers[i] = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        OrgPolicy p = store.current();
                        assertNotNull(p);
                        // Each version blocks exactly one host; a torn state would block none or both.
                        boolean a = blocks(p, "a.example");
                        boolean b = blocks(p, "b.example");
                        if (a == b) {
                            throw new AssertionError("policy " + p.version() + " blocks a=" + a + " b=" + b);
                        }
                        versions.add(p.version());
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            });
            readers[i].start();
        }
        for (int i = 0; i < 40; i++) {
            ReloadResult r = store.replace(blocking(i % 2 == 0 ? "b.example" : "a.example")).get(10, TimeUnit.SECONDS);
            assertTrue(r.success(), r.errors().toString());
        }
        stop.set(true);
        for (Thread t : readers) {
            t.join(10_000);
            assertFalse(t.isAlive());
        }
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assertEquals(40, store.reloadSuccesses());
        assertTrue(versions.size() >= 1);
    }

    @Test
    void reloadsAreAppliedInRequestOrder() throws Exception {
        store.start();
        var first = store.replace(blocking("b.example"));
        var second = store.replace(blocking("c.example"));
        assertTrue(second.get(10, TimeUnit.SECONDS).success());
        assertTrue(first.get(10, TimeUnit.SECONDS).success());
        assertTrue(blocks(store.current(), "c.example"), "the later request wins");
    }

    @Test
    void fileChangeTriggersReload() throws Exception {
        store.start();
        store.watchFile();
        store.watchFile(); // idempotent
        Path tmp = dir.resolve("acme.json.new");
        Files.write(tmp, blocking("d.example"));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        await("reload after the file changed", 20, () -> blocks(store.current(), "d.example"));

        Files.writeString(file, "{ not json");
        await("failed reload counted", 20, () -> store.reloadFailures() >= 1);
        assertTrue(blocks(store.current(), "d.example"), "the last good policy stays");
        assertTrue(store.lastError().contains("invalid JSON"), store.lastError());
    }
}
