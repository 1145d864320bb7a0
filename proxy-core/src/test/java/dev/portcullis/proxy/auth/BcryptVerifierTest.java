package dev.portcullis.proxy.auth;

import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BcryptVerifierTest {
    private static final DefaultEventLoopGroup LOOPS = new DefaultEventLoopGroup(1, new DefaultThreadFactory("test-loop"));
    private static final String HASH = OpenBSDBCrypt.generate("2y", "pw".toCharArray(), new byte[16], 4);

    @AfterAll
    static void stop() {
        LOOPS.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Calls verify from the event loop, as the handler does, and reports the result and the completing thread. */
    private static String verifyFromLoop(BcryptVerifier v, String password) throws Exception {
        EventLoop loop = LOOPS.next();
        CompletableFuture<String> done = new CompletableFuture<>();
        loop.execute(() -> {
            Future<Boolean> f = v.verify(loop, "ann", password, HASH);
            f.addListener(x -> done.complete((x.isSuccess() ? x.getNow() : x.cause()) + " on "
                    + Thread.currentThread().getName() + (loop.inEventLoop() ? " (loop)" : "")));
        });
        return done.get(10, TimeUnit.SECONDS);
    }

    @Test
    void bcryptRunsOnTheVerifierPoolNeverOnTheLoopAndCompletesOnTheLoop() throws Exception {
        List<String> checkedOn = new CopyOnWriteArrayList<>();
        AuthCounters counters = new AuthCounters();
        try (BcryptVerifier v = new BcryptVerifier(2, 8, Duration.ofMinutes(1), (h, p) -> {
            checkedOn.add(Thread.currentThread().getName());
            return BcryptVerifier.BCRYPT.matches(h, p);
        }, counters)) {
            String first = verifyFromLoop(v, "pw");
            assertTrue(first.startsWith("true on test-loop-") && first.endsWith("(loop)"), first);
            assertEquals(1, checkedOn.size());
            assertTrue(checkedOn.get(0).startsWith(BcryptVerifier.THREAD_PREFIX), checkedOn.toString());

            assertTrue(verifyFromLoop(v, "pw").startsWith("true"));
            assertEquals(1, checkedOn.size(), "a cached success runs no bcrypt");
            assertEquals(1, counters.cacheHits());

            assertTrue(verifyFromLoop(v, "wrong").startsWith("false"));
            assertTrue(verifyFromLoop(v, "wrong").startsWith("false"));
            assertEquals(3, checkedOn.size(), "failures are never cached");
            assertTrue(checkedOn.stream().allMatch(n -> n.startsWith(BcryptVerifier.THREAD_PREFIX)), checkedOn.toString());
            assertEquals(3, counters.bcryptChecks());
        }
    }

    @Test
    void aFullQueueRefusesInsteadOfQueueingWithoutBound() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        try (BcryptVerifier v = new BcryptVerifier(1, 1, Duration.ofMinutes(1), (h, p) -> {
            started.countDown();
            try {
                return release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }, new AuthCounters())) {
            EventLoop loop = LOOPS.next();
            Future<Boolean> running = v.verify(loop, "a", "1", HASH);
            assertTrue(started.await(10, TimeUnit.SECONDS));
            Future<Boolean> queued = v.verify(loop, "b", "2", HASH);
            Future<Boolean> refused = v.verify(loop, "c", "3", HASH);
            assertTrue(refused.await(10, TimeUnit.SECONDS));
            assertInstanceOf(RejectedExecutionException.class, refused.cause());
            assertFalse(queued.isDone());
            release.countDown();
            assertTrue(running.get(10, TimeUnit.SECONDS));
            assertTrue(queued.get(10, TimeUnit.SECONDS));
        }
    }
}
