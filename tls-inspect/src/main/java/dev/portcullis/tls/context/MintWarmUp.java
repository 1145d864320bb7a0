package dev.portcullis.tls.context;

import dev.portcullis.tls.mint.LeafMinter;
import dev.portcullis.tls.mint.LeafSpec;
import dev.portcullis.tls.mint.MintedLeaf;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
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
 * Mints a few throw-away leaves, builds their server contexts and handshakes with each in memory
 * ({@link InMemoryHandshake}, a client that trusts the CA and checks the host name) on the mint executor at start,
 * so that the first client does not pay for class loading and interpreted code: in a fresh JVM the first mint took
 * 168-431 ms, the ones after it single-digit milliseconds. The handshake loads the TLS engine, certificate-path
 * and host-name code, and the JDK's CA lists (a file read), here instead of inside the first origin handshake's
 * verification task on an event loop; it took ~35 ms off the first inspected connection (280 → 250 ms to its
 * handshake; the rest is code not yet compiled). Nothing is cached or counted as a mint. Each round is its own task,
 * submitted when the previous one ends, so a real client's mint queues behind one round at most.
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
        WarmUpClient client = new WarmUpClient(minter);
        CompletableFuture<Integer> done = CompletableFuture.completedFuture(0);
        for (int i = 0; i < rounds; i++) {
            done = done.thenApplyAsync(n -> {
                once(minter, client.context(), clock);
                return n + 1;
            }, executor);
        }
        return done.whenComplete((n, failure) -> {
            client.release();
            Throwable cause = failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
            if (cause instanceof RejectedExecutionException) {
                log.debug("leaf mint warm-up stopped: the mint executor refused a round ({})", cause.getMessage());
            } else if (cause != null) {
                log.warn("leaf mint warm-up failed (the first clients will mint cold): {}", cause.toString());
            } else {
                log.debug("leaf mint warm-up: {} throw-away leaves minted and handshaken with", n);
            }
        });
    }

    private static void once(LeafMinter minter, SslContext client, Clock clock) {
        MintedLeaf leaf = minter.mint(LeafSpec.forHost(HOST, clock));
        SslContext server = null;
        try {
            server = ClientFacingContexts.forLeaf(leaf, List.of("http/1.1"));
            InMemoryHandshake.run(server, client, HOST);
        } catch (SSLException e) {
            throw new IllegalStateException("warm-up handshake with a throw-away leaf failed", e);
        } finally {
            ReferenceCountUtil.release(server); // BoringSSL contexts are reference counted; the JDK's are not
        }
    }

    /** The warm-up's client context, built by the first round (on the executor, not the caller's thread). */
    private static final class WarmUpClient {
        private final LeafMinter minter;
        private volatile SslContext context;

        WarmUpClient(LeafMinter minter) {
            this.minter = minter;
        }

        SslContext context() {
            if (context == null) {
                try {
                    context = SslContextBuilder.forClient()
                            .sslProvider(TlsProvider.active())
                            .trustManager(minter.authority().certificate())
                            .endpointIdentificationAlgorithm("HTTPS")
                            .protocols(ClientFacingContexts.PROTOCOLS)
                            .build();
                } catch (SSLException e) {
                    throw new IllegalStateException("cannot build the warm-up client context", e);
                }
            }
            return context;
        }

        void release() {
            ReferenceCountUtil.release(context);
        }
    }
}
