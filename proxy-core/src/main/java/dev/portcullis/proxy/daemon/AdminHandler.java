package dev.portcullis.proxy.daemon;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Handles one admin route. Runs on the admin connection's event loop: anything slower than a few microseconds
 * (scraping, compiling a policy, file I/O) belongs on an executor; see {@link #offLoop}.
 */
@FunctionalInterface
interface AdminHandler {
    CompletionStage<AdminResponse> handle(AdminRequest request);

    /** A handler that answers at once, on the event loop. */
    static AdminHandler sync(Function<AdminRequest, AdminResponse> f) {
        return request -> CompletableFuture.completedFuture(f.apply(request));
    }

    /** A handler that runs on {@code executor}, off the event loop. */
    static AdminHandler offLoop(Executor executor, Function<AdminRequest, AdminResponse> f) {
        return request -> CompletableFuture.supplyAsync(() -> f.apply(request), executor);
    }
}
