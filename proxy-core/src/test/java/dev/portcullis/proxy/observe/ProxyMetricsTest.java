package dev.portcullis.proxy.observe;

import dev.portcullis.tls.mint.MintListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProxyMetricsTest {
    private final ProxyMetrics metrics = ProxyMetrics.withoutJvmMetrics();

    @AfterEach
    void close() {
        metrics.close();
    }

    private static AccessRecord record(String kind, String action, int status, String errorCode, long in, long out) {
        return new AccessRecord(Instant.now(), 2_000_000, "id", kind, "127.0.0.1", 5000, "GET", "http://x/", "x", 80,
                null, status, in, out, action, null, null, errorCode, false);
    }

    private double value(String name, Map<String, String> labels) {
        return PromText.value(metrics.scrape(), name, labels);
    }

    @Test
    void accessRecordsAreCountedAndPassedOn() {
        List<AccessRecord> passed = new ArrayList<>();
        AccessLogger logger = metrics.metering(passed::add);
        logger.log(record("http", "allow", 200, null, 10, 100));
        logger.log(record("http", "allow", 204, null, 0, 0));
        logger.log(record("http", "block", 403, "policy_block", 0, 50));
        logger.log(record("http", "error", 502, "dns_failure", 0, 70));
        logger.log(record("tunnel", "allow", 200, "tunnel_idle_timeout", 1000, 2000));

        assertEquals(5, passed.size());
        assertEquals(2.0, value("portcullis_requests_total", Map.of("org", "default", "action", "allow", "status", "2xx")));
        assertEquals(1.0, value("portcullis_requests_total", Map.of("org", "default", "action", "block", "status", "4xx")));
        assertEquals(1.0, value("portcullis_requests_total", Map.of("org", "default", "action", "error", "status", "5xx")));
        assertEquals(0.0, value("portcullis_requests_total", Map.of("org", "default", "action", "allow", "status", "5xx")));
        assertEquals(1.0, value("portcullis_tunnels_total", Map.of("org", "default", "action", "allow")));
        assertEquals(1.0, value("portcullis_error_responses_total", Map.of("code", "policy_block")));
        assertEquals(1.0, value("portcullis_error_responses_total", Map.of("code", "dns_failure")));
        // A tunnel's end reason is not an error response.
        assertTrue(Double.isNaN(value("portcullis_error_responses_total", Map.of("code", "tunnel_idle_timeout"))));
        assertEquals(10.0, value("portcullis_client_received_bytes_total", Map.of("kind", "http")));
        assertEquals(220.0, value("portcullis_client_sent_bytes_total", Map.of("kind", "http")));
        assertEquals(1000.0, value("portcullis_client_received_bytes_total", Map.of("kind", "tunnel")));
        assertEquals(2000.0, value("portcullis_client_sent_bytes_total", Map.of("kind", "tunnel")));
        assertEquals(4.0, value("portcullis_exchange_duration_seconds_count", Map.of("kind", "http")));
        assertEquals(0.008, value("portcullis_exchange_duration_seconds_sum", Map.of("kind", "http")), 1e-9);
    }

    @Test
    void requestsAndTunnelsAreCountedPerOrganisation() {
        metrics.organisations(List.of("acme", "globex"), "unattributed");
        assertEquals(0.0, value("portcullis_requests_total", Map.of("org", "globex", "action", "block", "status", "4xx")),
                "known organisations are visible at zero");
        AccessLogger logger = metrics.metering(r -> { });
        logger.log(record("http", "allow", 200, null, 0, 0).withOrg("acme"));
        logger.log(record("http", "block", 403, "policy_block", 0, 0).withOrg("globex"));
        logger.log(record("tunnel", "allow", 200, null, 0, 0).withOrg("globex"));
        logger.log(record("http", "error", 403, "source_not_allowed", 0, 0));
        assertEquals(1.0, value("portcullis_requests_total", Map.of("org", "acme", "action", "allow", "status", "2xx")));
        assertEquals(0.0, value("portcullis_requests_total", Map.of("org", "acme", "action", "block", "status", "4xx")));
        assertEquals(1.0, value("portcullis_requests_total", Map.of("org", "globex", "action", "block", "status", "4xx")));
        assertEquals(1.0, value("portcullis_tunnels_total", Map.of("org", "globex", "action", "allow")));
        assertEquals(0.0, value("portcullis_tunnels_total", Map.of("org", "acme", "action", "allow")));
        assertEquals(1.0, value("portcullis_requests_total",
                Map.of("org", "unattributed", "action", "error", "status", "4xx")));
    }

    @Test
    void everyErrorCodeAndKnownActionIsVisibleBeforeItHappens() {
        String scrape = metrics.scrape();
        for (dev.portcullis.proxy.errors.ErrorCode code : dev.portcullis.proxy.errors.ErrorCode.values()) {
            assertEquals(0.0, PromText.value(scrape, "portcullis_error_responses_total", Map.of("code", code.code())),
                    code.code());
        }
        for (String action : AccessMeters.KNOWN_ACTIONS) {
            assertEquals(0.0, PromText.value(scrape, "portcullis_requests_total",
                    Map.of("org", "default", "action", action, "status", "2xx")), action);
        }
    }

    @Test
    void metersAreRegisteredOnceAndUnboundedValuesFoldIntoOther() {
        AccessLogger logger = metrics.metering(AccessLogger.NONE);
        logger.log(record("http", "allow", 200, null, 0, 0));
        int meters = metrics.registry().getMeters().size();
        for (int i = 0; i < 1000; i++) {
            logger.log(record("http", "allow", 200 + i % 300, null, 0, 0));
        }
        assertEquals(meters, metrics.registry().getMeters().size(), "no new meters for known tag values");

        long seed = 42;
        Random random = new Random(seed);
        for (int i = 0; i < 500; i++) {
            logger.log(record("http", "action" + random.nextInt(1_000_000), 500, "code" + random.nextInt(1_000_000),
                    0, 0));
            metrics.policyDecision(1000, "phase" + random.nextInt(1000), "a" + random.nextInt(1000));
        }
        assertTrue(metrics.registry().getMeters().size() < meters + 64 * 6 + 64 + 64 + 2,
                "cardinality bounded (seed " + seed + "): " + metrics.registry().getMeters().size());
        assertTrue(value("portcullis_policy_decision_seconds_count", Map.of("phase", "other", "action", "other")) > 0);
    }

    @Test
    void policyDecisionsAreTimedPerPhaseAndAction() {
        metrics.policyDecision(20_000, "network", "allow");
        metrics.policyDecision(30_000, "network", "allow");
        metrics.policyDecision(5_000_000, "http", "block");
        assertEquals(2.0, value("portcullis_policy_decision_seconds_count", Map.of("phase", "network", "action", "allow")));
        assertEquals(0.00005, value("portcullis_policy_decision_seconds_sum", Map.of("phase", "network", "action", "allow")), 1e-12);
        // Histogram buckets exist for SLO queries: both 20 and 30 us fall at or under the 50 us bucket.
        assertEquals(2.0, value("portcullis_policy_decision_seconds_bucket",
                Map.of("phase", "network", "action", "allow", "le", "5.0E-5")));
        assertEquals(0.0, value("portcullis_policy_decision_seconds_bucket",
                Map.of("phase", "http", "action", "block", "le", "0.001")));
    }

    @Test
    void upstreamDnsPoolAndTunnelMeters() {
        metrics.upstreamConnect(3_000_000, true);
        metrics.upstreamConnect(1_000_000_000, false);
        metrics.dnsResolution(1_000_000, true);
        metrics.poolHit();
        metrics.poolMiss();
        metrics.poolMiss();
        metrics.tunnelOpened();
        metrics.tunnelOpened();
        metrics.tunnelClosed();
        metrics.bindActiveConnections(() -> 7);
        assertEquals(1.0, value("portcullis_upstream_connect_seconds_count", Map.of("outcome", "success")));
        assertEquals(1.0, value("portcullis_upstream_connect_seconds_count", Map.of("outcome", "failure")));
        assertEquals(1.0, value("portcullis_dns_resolution_seconds_count", Map.of("outcome", "success")));
        assertEquals(0.0, value("portcullis_dns_resolution_seconds_count", Map.of("outcome", "failure")));
        assertEquals(1.0, value("portcullis_upstream_pool_requests_total", Map.of("result", "hit")));
        assertEquals(2.0, value("portcullis_upstream_pool_requests_total", Map.of("result", "miss")));
        assertEquals(1.0, value("portcullis_tunnels_active", Map.of()));
        assertEquals(7.0, value("portcullis_client_connections_active", Map.of()));
        assertTrue(value("portcullis_netty_allocator_memory_used_bytes", Map.of("area", "direct")) >= 0);
    }

    @Test
    void leafMintingAndPolicyReloads() {
        MintListener mint = metrics.mintListener();
        assertSame(mint, metrics.mintListener());
        mint.miss();
        mint.minted(null, 1_500_000);
        mint.hit();
        mint.hit();
        mint.failed(null, new IllegalStateException("x"));
        assertEquals(1.0, value("portcullis_tls_leaf_mint_seconds_count", Map.of()));
        assertEquals(2.0, value("portcullis_tls_leaf_cache_requests_total", Map.of("result", "hit")));
        assertEquals(1.0, value("portcullis_tls_leaf_cache_requests_total", Map.of("result", "miss")));
        assertEquals(1.0, value("portcullis_tls_leaf_mint_failures_total", Map.of()));

        metrics.policyReloaded("default", 3);
        metrics.policyReloaded("default", 4);
        metrics.policyReloadFailed("default");
        metrics.policyReloaded("acme", 1);
        assertEquals(2.0, value("portcullis_policy_reloads_total", Map.of("org", "default", "result", "success")));
        assertEquals(1.0, value("portcullis_policy_reloads_total", Map.of("org", "acme", "result", "success")));
        assertEquals(1.0, value("portcullis_policy_reloads_total", Map.of("org", "default", "result", "failure")));
        assertEquals(4.0, value("portcullis_policy_version", Map.of("org", "default")));
        assertEquals(1.0, value("portcullis_policy_version", Map.of("org", "acme")));
    }

    @Test
    void jvmBindersArePresentInTheDaemonVariant() {
        try (ProxyMetrics full = ProxyMetrics.create()) {
            String scrape = full.scrape();
            for (String name : new String[]{"jvm_memory_used_bytes", "jvm_threads_live_threads",
                    "process_cpu_usage", "process_uptime_seconds", "jvm_gc_"}) {
                assertTrue(scrape.contains(name), name + " missing from scrape");
            }
        }
    }
}
