package dev.portcullis.tls.mint;

import io.netty.handler.ssl.SslContext;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One cached leaf and the server contexts built from it, one per ALPN list. Contexts live and die with their leaf,
 * so the cache bound and expiry cover both.
 */
final class LeafEntry {

    /** The proxy mirrors the origin's ALPN choice, so a leaf sees one or two lists; more is a caller bug. */
    static final int MAX_ALPN_VARIANTS = 4;

    private final MintedLeaf leaf;
    private final ConcurrentMap<List<String>, CompletableFuture<SslContext>> contexts = new ConcurrentHashMap<>();

    LeafEntry(MintedLeaf leaf) {
        this.leaf = leaf;
    }

    MintedLeaf leaf() {
        return leaf;
    }

    CompletableFuture<SslContext> context(List<String> alpn, LeafCache.ContextFactory factory, Executor executor) {
        CompletableFuture<SslContext> existing = contexts.get(alpn);
        if (existing != null && !existing.isCompletedExceptionally()) {
            return existing;
        }
        if (existing != null) {
            contexts.remove(alpn, existing); // a failed build is retried, even before its cleanup callback ran
        }
        if (contexts.size() >= MAX_ALPN_VARIANTS) {
            return build(alpn, factory, executor);
        }
        CompletableFuture<SslContext> future = contexts.computeIfAbsent(alpn, key -> build(key, factory, executor));
        future.whenComplete((context, failure) -> {
            if (failure != null) {
                contexts.remove(alpn, future); // let the next handshake try again
            }
        });
        return future;
    }

    private CompletableFuture<SslContext> build(List<String> alpn, LeafCache.ContextFactory factory,
            Executor executor) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return factory.create(leaf, alpn);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot build a TLS server context for " + leaf.spec().host()
                            + " with ALPN " + alpn + ": " + e.getMessage(), e);
                }
            }, executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(LeafCache.rejected(leaf.spec(), e));
        }
    }
}
