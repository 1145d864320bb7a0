package dev.portcullis.proxy.daemon;

import dev.portcullis.config.policy.OrgPolicy;
import dev.portcullis.config.policy.PolicyDocumentException;
import dev.portcullis.config.policy.PolicyDocumentLoader;
import dev.portcullis.config.policy.ReloadResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps a policy fetched from an HTTPS URL (fleets): a conditional GET ({@code If-None-Match}) every poll interval
 * on its own thread, compile and swap on 200, nothing on 304, and the last good policy on any error. Polls run one
 * at a time on a single thread, so an older answer can never replace a newer one.
 */
final class PolicyUrlPoller implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PolicyUrlPoller.class);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** A policy document is a few hundred KiB at most; refusing more keeps a broken server from filling memory. */
    static final long MAX_DOCUMENT_BYTES = 16L << 20;

    /** The policy in force with the bytes it came from and the server's validator for them. */
    record Fetched(OrgPolicy policy, byte[] document, String etag) {
    }

    private final String orgId;
    private final URI url;
    private final Duration interval;
    private final PolicyDocumentLoader loader;
    private final HttpClient client;
    private final ScheduledExecutorService scheduler;
    private final Consumer<ReloadResult> onResult;
    private volatile Fetched current;

    /** @param onResult told of every poll's outcome (on the poll thread): metrics, logs */
    PolicyUrlPoller(String orgId, URI url, Duration interval, SSLContext tls, PolicyDocumentLoader loader,
                    Consumer<ReloadResult> onResult) {
        this.orgId = orgId;
        this.url = Objects.requireNonNull(url, "url");
        this.interval = interval;
        this.loader = loader;
        this.onResult = onResult;
        this.client = HttpClient.newBuilder()
                .sslContext(tls)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "portcullis-policy-poll");
            t.setDaemon(true);
            return t;
        });
    }

    /** Fetches the first policy on the caller's thread, then polls; a daemon without a policy must not start. */
    void start() throws PolicyDocumentException {
        ReloadResult first = poll();
        if (!first.success()) {
            throw new PolicyDocumentException(first.errors());
        }
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::pollAndReport, millis, millis, TimeUnit.MILLISECONDS);
    }

    OrgPolicy current() {
        return current.policy();
    }

    /** The document bytes of the policy in force. */
    byte[] document() {
        return current.document().clone();
    }

    /** Polls now (admin {@code POST /v1/reload}), on the poll thread. */
    CompletableFuture<ReloadResult> pollNow() {
        return CompletableFuture.supplyAsync(this::pollAndReport, scheduler);
    }

    private ReloadResult pollAndReport() {
        ReloadResult r = poll();
        try {
            onResult.accept(r);
        } catch (RuntimeException e) {
            log.warn("policy poll listener failed", e);
        }
        return r;
    }

    /** One conditional GET. Never throws: every failure is a result that keeps the last good policy. */
    ReloadResult poll() {
        Fetched before = current;
        HttpRequest.Builder req = HttpRequest.newBuilder(url).timeout(REQUEST_TIMEOUT).GET()
                .header("Accept", "application/json");
        if (before != null && before.etag() != null) {
            req.header("If-None-Match", before.etag());
        }
        HttpResponse<byte[]> resp;
        try {
            resp = client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return failed(before, url + ": fetch failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(before, url + ": fetch interrupted");
        }
        if (resp.statusCode() == 304 && before != null) {
            return new ReloadResult(true, before.policy(), List.of());
        }
        if (resp.statusCode() != 200) {
            return failed(before, url + ": HTTP " + resp.statusCode() + " (expected 200, or 304 for an unchanged policy)");
        }
        byte[] body = resp.body();
        if (body.length > MAX_DOCUMENT_BYTES) {
            return failed(before, url + ": document of " + body.length + " bytes exceeds " + MAX_DOCUMENT_BYTES);
        }
        String etag = resp.headers().firstValue("ETag").orElse(null);
        if (before != null && before.policy().version().equals(PolicyDocumentLoader.version(body))) {
            current = new Fetched(before.policy(), before.document(), etag);
            return new ReloadResult(true, before.policy(), List.of());
        }
        OrgPolicy next;
        try {
            next = loader.parse(orgId, url.toString(), body);
        } catch (PolicyDocumentException e) {
            return failed(before, e.errors());
        } catch (RuntimeException e) {
            log.error("policy from {}: unexpected failure compiling", url, e);
            return failed(before, List.of(url + ": internal error while compiling: " + e));
        }
        current = new Fetched(next, body, etag);
        log.info("policy from {}: {} -> {} ({} rules)", url, before == null ? "none" : before.policy().version(),
                next.version(), next.ruleCount());
        return new ReloadResult(true, next, List.of());
    }

    private ReloadResult failed(Fetched kept, String error) {
        return failed(kept, List.of(error));
    }

    private ReloadResult failed(Fetched kept, List<String> errors) {
        if (kept != null) {
            log.error("policy from {}: update failed, keeping version {}:\n{}", url, kept.policy().version(),
                    String.join("\n", errors));
        }
        return new ReloadResult(false, Optional.ofNullable(kept).map(Fetched::policy).orElse(null), errors);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
