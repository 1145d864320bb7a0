package dev.portcullis.proxy.daemon;

import dev.portcullis.proxy.observe.ProxyMetrics;
import dev.portcullis.proxy.pac.PacAnswer;
import dev.portcullis.proxy.pac.PacResponder;
import io.netty.handler.codec.http.HttpHeaderNames;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;

/** The admin endpoints every daemon serves. Policy endpoints are added next to these with the policy wiring. */
final class AdminRoutes {
    private AdminRoutes() {
    }

    static AdminRouter standard(Daemon daemon, Optional<AdminToken> token, ProxyMetrics metrics, PacResponder pac,
                                Executor offLoop) {
        AdminRouter router = new AdminRouter(token);
        router.get("/healthz", AdminHandler.sync(r -> AdminResponse.text(200, "ok")));
        router.get("/readyz", AdminHandler.sync(r -> {
            List<String> failing = daemon.readiness().failing();
            return failing.isEmpty() ? AdminResponse.text(200, "ready")
                    : AdminResponse.text(503, "not ready: " + String.join(", ", failing));
        }));
        // Scraping walks every meter and the JVM binders: not event-loop work.
        router.get("/metrics", AdminHandler.offLoop(offLoop, r -> new AdminResponse(200, ProxyMetrics.CONTENT_TYPE,
                metrics.scrape().getBytes(StandardCharsets.UTF_8), Map.of())));
        router.get("/v1/status", AdminHandler.sync(r -> AdminResponse.json(200, StatusReport.of(daemon))));
        router.post("/v1/drain", AdminHandler.offLoop(offLoop, r -> {
            daemon.drain();
            return AdminResponse.json(202, Map.of("draining", true,
                    "active_connections", daemon.activeConnections(),
                    "active_tunnels", daemon.activeTunnels()));
        }));
        AdminHandler pacHandler = AdminHandler.sync(r -> {
            PacAnswer answer = pac.answer(r.path(), r.headers().get(HttpHeaderNames.HOST), r.local());
            return new AdminResponse(answer.status(), answer.contentType(),
                    answer.body().getBytes(StandardCharsets.UTF_8),
                    answer.status() == 200 ? Map.of("Cache-Control", "private, max-age=300", "Vary", "Host")
                            : Map.of());
        });
        router.get("/proxy.pac", pacHandler);
        router.get("/pac/{org}.pac", pacHandler);
        return router;
    }
}
