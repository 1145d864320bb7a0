package dev.portcullis.e2e.ops;

import dev.portcullis.e2e.support.ProxyFixture;
import dev.portcullis.e2e.support.RawHttp;
import dev.portcullis.e2e.support.TestOrigin;
import dev.portcullis.proxy.observe.AccessRecord;
import dev.portcullis.tls.ca.CaGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The PAC file as browsers get it: from the admin listener and from the proxy port, then evaluated by a real PAC
 * engine (pac-resolver on QuickJS, installed by {@code npm ci} in src-test/pac, which .ci/run does).
 */
class PacEndToEndTest {
    private static final Path EVALUATOR = Path.of("pac");

    @Test
    void servedOnBothListenersAndEvaluatedByARealPacEngine() throws Exception {
        try (TestOrigin origin = TestOrigin.plain(); ProxyFixture proxy = ProxyFixture.startAllowingLoopback()) {
            HttpResponse<String> fromAdmin = Admin.get(proxy.daemon.adminAddress(), "/proxy.pac");
            assertEquals(200, fromAdmin.statusCode());
            assertEquals("application/x-ns-proxy-autoconfig",
                    fromAdmin.headers().firstValue("Content-Type").orElseThrow());
            assertEquals(fromAdmin.body(), Admin.get(proxy.daemon.adminAddress(), "/pac/default.pac").body());
            assertEquals(404, Admin.get(proxy.daemon.adminAddress(), "/pac/acme.pac").statusCode());

            String host = "127.0.0.1:" + origin.port();
            try (RawHttp raw = new RawHttp(proxy.address())) {
                raw.send("GET /proxy.pac HTTP/1.1\r\nHost: 127.0.0.1:" + proxy.port() + "\r\n\r\n");
                RawHttp.Response pac = raw.readResponse();
                assertEquals(200, pac.status());
                assertEquals("application/x-ns-proxy-autoconfig", pac.header("Content-Type"));
                assertEquals(fromAdmin.body(), pac.text());
                raw.send("HEAD /pac/default.pac HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                RawHttp.Response head = raw.readHeadResponse();
                assertEquals(200, head.status());
                assertEquals(String.valueOf(pac.body().length), head.header("Content-Length"));
                // The same connection still proxies: the PAC answer kept it alive and in sync.
                raw.send("GET http://" + host + "/hello HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
                assertEquals("hello\n", raw.readResponse().text());
                raw.send("GET /other HTTP/1.1\r\nHost: x\r\n\r\n");
                RawHttp.Response other = raw.readResponse();
                assertEquals(400, other.status());
                assertEquals("invalid_target", other.header("X-Portcullis-Error"));
            }
            AccessRecord logged = proxy.awaitAccess(r -> "pac".equals(r.action()));
            assertEquals(200, logged.status());
            assertEquals("/proxy.pac", logged.url());

            String proxyDirective = "PROXY 127.0.0.1:" + proxy.port();
            Map<String, String> expected = new LinkedHashMap<>();
            for (String url : List.of("http://localhost/", "http://LOCALHOST./x", "http://printer.local/",
                    "https://nas.office.local:8443/", "http://127.0.0.1:8080/", "http://10.1.2.3/",
                    "http://172.16.0.1/", "http://172.31.255.254/", "http://192.168.1.20/")) {
                expected.put(url, "DIRECT");
            }
            for (String url : List.of("http://example.com/", "https://www.example.org/login", "http://8.8.8.8/",
                    "http://172.32.0.1/", "http://11.0.0.1/", "http://localhost.example.com/", "http://local/",
                    "http://evil-local/", "http://192.169.0.1/")) {
                expected.put(url, proxyDirective);
            }
            Map<String, String> actual = evaluate(fromAdmin.body(), "10.0.0.5", List.copyOf(expected.keySet()));
            assertEquals(expected, actual);
        }
    }

    @Test
    void configuredBypassesGoDirectAndATlsListenerIsOfferedBeforePlainProxy(@TempDir Path dir) throws Exception {
        CaGenerator.CaFiles ca = CaGenerator.generate(dir, "PAC Test CA", 30);
        try (ProxyFixture proxy = ProxyFixture.start("""
                proxy:
                  listen: ["127.0.0.1:0"]
                  tls_listen: "127.0.0.1:0"
                inspection:
                  ca_cert: "%s"
                  ca_key: "%s"
                pac:
                  bypass_domains: [".corp.example"]
                  bypass_cidrs: ["192.0.2.0/24"]
                """.formatted(ca.certificate(), ca.key()))) {
            InetSocketAddress tls = proxy.daemon.tlsProxyAddress().orElseThrow();
            String pac = Admin.get(proxy.daemon.adminAddress(), "/proxy.pac").body();
            String both = "HTTPS 127.0.0.1:" + tls.getPort() + "; PROXY 127.0.0.1:" + proxy.port();
            Map<String, String> expected = new LinkedHashMap<>();
            expected.put("http://example.com/", both);
            expected.put("https://www.example.org/", both);
            // The configured lists replace the defaults rather than add to them.
            expected.put("http://printer.local/", both);
            expected.put("http://10.1.2.3/", both);
            expected.put("http://corp.example/", "DIRECT");
            expected.put("https://wiki.corp.example/page", "DIRECT");
            expected.put("http://192.0.2.55/", "DIRECT");
            expected.put("http://notcorp.example/", both);
            assertEquals(expected, evaluate(pac, "10.0.0.5", List.copyOf(expected.keySet())), pac);
        }
    }

    /** Runs the PAC through pac-resolver for each URL; the map is URL → FindProxyForURL result. */
    static Map<String, String> evaluate(String pac, String clientIp, List<String> urls) throws Exception {
        if (!Files.isDirectory(EVALUATOR.resolve("node_modules/pac-resolver"))) {
            fail("the PAC evaluator is not installed: run `npm ci --prefix src-test/pac` (as .ci/run does)");
        }
        Path file = Files.createTempFile("proxy", ".pac");
        try {
            Files.writeString(file, pac);
            List<String> command = new ArrayList<>(List.of("node", "evaluate.js", file.toString(), clientIp));
            command.addAll(urls);
            Process p = new ProcessBuilder(command).directory(EVALUATOR.toFile()).start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("PAC evaluation did not finish in 60 s");
            }
            assertEquals(0, p.exitValue(), "node failed: " + err.get(5, TimeUnit.SECONDS));
            Map<String, String> results = new LinkedHashMap<>();
            for (String line : out.get(5, TimeUnit.SECONDS).split("\n")) {
                int arrow = line.indexOf(" => ");
                if (arrow > 0) {
                    results.put(line.substring(0, arrow), line.substring(arrow + 4));
                }
            }
            return results;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static String read(InputStream in) {
        try (in) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            return buf.toString(StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
