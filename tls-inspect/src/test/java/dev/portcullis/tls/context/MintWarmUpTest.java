package dev.portcullis.tls.context;

import dev.portcullis.tls.TestPki;
import dev.portcullis.tls.mint.LeafMinter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MintWarmUpTest {
    @TempDir
    static Path dir;

    static LeafMinter minter;

    @BeforeAll
    static void setUp() throws Exception {
        minter = new LeafMinter(TestPki.orgCa(dir));
    }

    @Test
    void runsEveryRoundOnTheGivenExecutor() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "mint-test"));
        try {
            String[] thread = new String[1];
            int rounds = MintWarmUp.start(minter, command -> pool.execute(() -> {
                thread[0] = Thread.currentThread().getName();
                command.run();
            }), 3, Clock.systemUTC()).get(60, TimeUnit.SECONDS);
            assertEquals(3, rounds);
            assertEquals("mint-test", thread[0]);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRejectedRoundFailsTheFutureWithTheCause() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> MintWarmUp.start(minter,
                command -> {
                    throw new RejectedExecutionException("mint queue full");
                }, 2, Clock.systemUTC()).get(60, TimeUnit.SECONDS));
        assertInstanceOf(RejectedExecutionException.class, e.getCause());
    }

    @Test
    void refusesZeroRounds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MintWarmUp.start(minter, Runnable::run, 0, Clock.systemUTC()));
        assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
    }
}
