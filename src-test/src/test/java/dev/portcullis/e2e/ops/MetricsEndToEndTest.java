package dev.portcullis.e2e.ops;

import dev.portcullis.e2e.support.Await;
import dev.portcullis.e2e.support.ProxyFixture;
import dev.portcullis.e2e.support.RawHttp;
import dev.portcullis.e2e.support.TestOrigin;
import dev.portcullis.proxy.observe.ProxyMetrics;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real traffic through the daemon, then a real scrape of /metrics on the admin listener. */
class MetricsEndToEndTest {

    private static String scrape(ProxyFixture proxy) throws Exception {
        HttpResponse<String> r = Admin.get(proxy.daemon.adminAddress(), "/metrics");
        assertEquals(200, r.statusCode());
        assertEquals(ProxyMetrics.CONTENT_TYPE, r.headers().firstValue("Content-Type").orElseThrow());
        return r.body();
    }

    private static double value(String scrape, String name, Map<String, String> labels) {
        return PromText.value(scrape, name, labels);
    }

    @Test
    void countersFollowTraffic() throws Exception {
        try (TestOrigin origin = TestOrigin.plain(); ProxyFixture proxy = ProxyFixture.startAllowingLoopback()) {
            String before = scrape(proxy);
            assertEquals(0.0, value(before, "portcullis_requests_total", Map.of("org", "default", "action", "allow", "status", "2xx")));

            // Raw sockets, not HttpClient: its pooled connections would keep the connection gauge above zero.
            String host = "127.0.0.1:" + origin.port();
            try (RawHttp raw = new RawHttp(proxy.address())) {
                for (int i = 0; i < 3; i++) {
                    raw.send("GET http://" + host + "/hello HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
                    assertEquals("hello\n", raw.readResponse().text());
                }
                raw.send("POST http://" + host + "/echo HTTP/1.1\r\nHost: " + host
                        + "\r\nContent-Length: 1000\r\n\r\n" + "x".repeat(1000));
                assertEquals(200, raw.readResponse().status());
                raw.send("GET http://no-such.invalid/ HTTP/1.1\r\nHost: no-such.invalid\r\nConnection: close\r\n\r\n");
                RawHttp.Response dns = raw.readResponse();
                assertEquals(502, dns.status());
                assertEquals("dns_failure", dns.header("X-Portcullis-Error"));
            }
            try (RawHttp raw = new RawHttp(proxy.address())) {
                raw.send("GET /not-a-proxy-request HTTP/1.1\r\nHost: x\r\n\r\n");
                assertEquals(400, raw.readResponse().status());
            }

            // A CONNECT tunnel carrying a plain HTTP request, left open while we look at the gauges.
            RawHttp tunnel = new RawHttp(proxy.address());
            String request = "GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
            tunnel.send("CONNECT 127.0.0.1:" + origin.port() + " HTTP/1.1\r\nHost: 127.0.0.1:" + origin.port()
                    + "\r\n\r\n");
            assertEquals(200, tunnel.readHeadResponse().status());
            Await.until("tunnel gauge at 1", Duration.ofSeconds(5), () -> {
                try {
                    return value(scrape(proxy), "portcullis_tunnels_active", Map.of()) == 1.0;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertTrue(value(scrape(proxy), "portcullis_client_connections_active", Map.of()) >= 1.0);
            tunnel.send(request);
            byte[] answer = tunnel.readToEnd();
            tunnel.close();
            assertTrue(new String(answer, StandardCharsets.US_ASCII).endsWith("hello\n"));

            Await.until("gauges back to 0 and tunnel counted", Duration.ofSeconds(10), () -> {
                try {
                    String s = scrape(proxy);
                    return value(s, "portcullis_tunnels_active", Map.of()) == 0.0
                            && value(s, "portcullis_client_connections_active", Map.of()) == 0.0
                            && value(s, "portcullis_tunnels_total", Map.of("org", "default", "action", "allow")) == 1.0;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            String after = scrape(proxy);
            assertEquals(4.0, value(after, "portcullis_requests_total", Map.of("org", "default", "action", "allow", "status", "2xx")));
            assertEquals(1.0, value(after, "portcullis_requests_total", Map.of("org", "default", "action", "error", "status", "5xx")));
            assertEquals(1.0, value(after, "portcullis_requests_total", Map.of("org", "default", "action", "error", "status", "4xx")));
            assertEquals(1.0, value(after, "portcullis_error_responses_total", Map.of("code", "dns_failure")));
            assertEquals(1.0, value(after, "portcullis_error_responses_total", Map.of("code", "invalid_target")));
            assertEquals(1.0, value(after, "portcullis_dns_resolution_seconds_count", Map.of("outcome", "failure")));
            assertEquals(1000.0, value(after, "portcullis_client_received_bytes_total", Map.of("kind", "http")));
            assertEquals(request.length(),
                    value(after, "portcullis_client_received_bytes_total", Map.of("kind", "tunnel")));
            assertEquals(answer.length, value(after, "portcullis_client_sent_bytes_total", Map.of("kind", "tunnel")));
            double hits = value(after, "portcullis_upstream_pool_requests_total", Map.of("result", "hit"));
            double misses = value(after, "portcullis_upstream_pool_requests_total", Map.of("result", "miss"));
            assertEquals(5.0, hits + misses, "every allowed request (the unresolvable one too) looks in the pool once");
            assertTrue(hits >= 1.0, "keep-alive to the origin is reused: " + hits);
            assertEquals(misses - 1.0 + 1.0,
                    value(after, "portcullis_upstream_connect_seconds_count", Map.of("outcome", "success")),
                    "one connect per pool miss except the unresolvable name, plus the tunnel");
            assertTrue(after.contains("jvm_memory_used_bytes"));
            assertTrue(value(after, "portcullis_netty_allocator_memory_used_bytes", Map.of("area", "direct")) >= 0);
            assertEquals(0, proxy.daemon.activeTunnels());
        }
    }
}
