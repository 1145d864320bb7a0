package dev.portcullis.tls.context;

import dev.portcullis.tls.mint.LeafMinter;
import dev.portcullis.tls.mint.LeafSpec;
import dev.portcullis.tls.mint.MintedLeaf;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Mints a few throw-away leaves and builds their server contexts on the mint executor at start, so that the first
 * client does not pay for class loading and interpreted key generation: in a fresh JVM the first mint took
 * 168-431 ms, the ones after it single-digit milliseconds. Nothing is cached or counted as a mint. Each round is
 * its own task, submitted when the previous one ends, so a real client's mint queues behind one round at most.
 */
public final class MintWarmUp {
    /** Rounds the daemon runs: enough for the first compilations of the key generation and signing paths. */
    public static final int DEFAULT_ROUNDS = 8;
    /** The reserved TLD (RFC 2606) keeps the throw-away leaves from ever naming a real host. */
    static final String HOST = "mint-warm-up.invalid";

    private static final Logger log = LoggerFactory.getLogger(MintWarmUp.class);

    private MintWarmUp() {
    }

    /**
     * Starts {@code rounds} warm-up mints on {@code executor}. The future completes with the number of rounds run,
     * or exceptionally with the first failure (also logged; serving is never affected).
     *
     * @throws IllegalArgumentException when {@code rounds} is below 1
     */
    public static CompletableFuture<Integer> start(LeafMinter minter, Executor executor, int rounds, Clock clock) {
        if (rounds < 1) {
            throw new IllegalArgumentException("mint warm-up rounds must be at least 1, got " + rounds);
        }
        CompletableFuture<Integer> done = CompletableFuture.completedFuture(0);
        for (int i = 0; i < rounds; i++) {
            done = done.thenApplyAsync(n -> {
                once(minter, clock);
                return n + 1;
            }, executor);
        }
        return done.whenComplete((n, failure) -> {
            Throwable cause = failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
            if (cause instanceof RejectedExecutionException) {
                log.debug("leaf mint warm-up stopped: the mint executor refused a round ({})", cause.getMessage());
            } else if (cause != null) {
                log.warn("leaf mint warm-up failed (the first clients will mint cold): {}", cause.toString());
            } else {
                log.debug("leaf mint warm-up: {} throw-away leaves minted", n);
            }
        });
    }

    private static void once(LeafMinter minter, Clock clock) {
        MintedLeaf leaf = minter.mint(LeafSpec.forHost(HOST, clock));
        SslContext context;
        try {
            context = ClientFacingContexts.forLeaf(leaf, List.of("http/1.1"));
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build a server context for a warm-up leaf", e);
        }
        ReferenceCountUtil.release(context); // BoringSSL contexts are reference counted; the JDK's are not
    }
}
