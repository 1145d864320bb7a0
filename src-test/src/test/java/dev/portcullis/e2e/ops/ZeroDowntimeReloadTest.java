package dev.portcullis.e2e.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.config.policy.PolicyDocumentLoader;
import dev.portcullis.e2e.support.Await;
import dev.portcullis.e2e.support.ProxyFixture;
import dev.portcullis.e2e.support.RawHttp;
import dev.portcullis.e2e.support.TestOrigin;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Twenty policy swaps (file rewrite + {@code POST /v1/reload}, and {@code PUT} through the admin API, alternately)
 * under steady load: four keep-alive HTTP clients and one CONNECT tunnel echoing data. No request fails, the tunnel
 * never breaks, and the first request after each swap already sees the new policy.
 */
class ZeroDowntimeReloadTest {
    private static final String TOKEN = "zero-downtime-token-0123456789";
    private static final int SWAPS = 20;
    private static final int CLIENTS = 4;

    @TempDir
    Path dir;

    @Test
    void twentySwapsUnderLoadLoseNothing() throws Exception {
        Path policyFile = Files.writeString(dir.resolve("policy.json"), Policies.generation(1));
        Path token = Files.writeString(dir.resolve("admin.token"), TOKEN);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong requests = new AtomicLong();
        AtomicLong tunnelRounds = new AtomicLong();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        List<Thread> load = new ArrayList<>();
        List<Long> swapMicros = new ArrayList<>();
        try (TestOrigin origin = TestOrigin.plain();
             EchoServer echo = new EchoServer();
             ProxyFixture proxy = ProxyFixture.startWithPolicy("""
                     upstream:
                       allow_destinations: ["127.0.0.1/32"]
                     admin:
                       listen: "127.0.0.1:0"
                       token_file: "%s"
                     policy:
                       file: "%s"
                       watch: false
                     """.formatted(token, policyFile))) {
            proxy.policy.attach(proxy.daemon);
            for (int c = 0; c < CLIENTS; c++) {
                HttpClient client = proxy.client();
                URI hello = URI.create(origin.base() + "/hello");
                load.add(start("load-" + c, () -> {
                    while (!stop.get()) {
                        try {
                            HttpResponse<String> r = client.send(HttpRequest.newBuilder(hello)
                                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() != 200 || !r.body().equals("hello\n")) {
                                failures.add("GET /hello: " + r.statusCode() + " " + r.body());
                            }
                        } catch (Exception e) {
                            failures.add("GET /hello: " + e);
                        }
                        requests.incrementAndGet();
                    }
                }));
            }
            load.add(start("tunnel", () -> tunnel(proxy, echo.port(), stop, tunnelRounds, failures)));

            for (int gen = 2; gen <= SWAPS + 1; gen++) {
                long requestsBefore = requests.get();
                long roundsBefore = tunnelRounds.get();
                Await.until("load before swap " + gen, Duration.ofSeconds(10),
                        () -> requests.get() > requestsBefore + CLIENTS && tunnelRounds.get() > roundsBefore);
                long t0 = System.nanoTime();
                HttpResponse<String> answer = gen % 2 == 0 ? rewriteAndReload(proxy, policyFile, gen)
                        : put(proxy, gen);
                swapMicros.add((System.nanoTime() - t0) / 1000);
                assertEquals(200, answer.statusCode(), "swap " + gen + ": " + answer.body());
                String expected = PolicyDocumentLoader.version(Policies.generation(gen)
                        .getBytes(StandardCharsets.UTF_8));
                assertEquals(expected, new ObjectMapper().readTree(answer.body()).get("version").asText());
                assertEquals(403, status(proxy, origin, "/p" + gen), "swap " + gen + ": the new rule blocks");
                assertEquals(404, status(proxy, origin, "/p" + (gen - 1)), "swap " + gen + ": the old rule is gone");
            }
            long roundsAtEnd = tunnelRounds.get();
            Await.until("tunnel still flowing after the last swap", Duration.ofSeconds(10),
                    () -> tunnelRounds.get() > roundsAtEnd);
            stop.set(true);
            for (Thread t : load) {
                t.join(20_000);
            }
            assertEquals(List.of(), List.copyOf(failures), "failures under reload");
            List<Long> sorted = swapMicros.stream().sorted().toList();
            System.out.printf("zero-downtime: %d swaps, %d HTTP requests, %d tunnel echo rounds, 0 failures; "
                            + "admin call per swap (compile + swap [+ persist]) median %d us, max %d us%n",
                    SWAPS, requests.get(), tunnelRounds.get(), sorted.get(sorted.size() / 2),
                    sorted.get(sorted.size() - 1));
            System.out.println("zero-downtime: per swap, in order (us): " + swapMicros);
            assertTrue(requests.get() > SWAPS * CLIENTS, "requests " + requests.get());
        } finally {
            stop.set(true);
        }
    }

    private static Thread start(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** One tunnel for the whole test: 1 KiB out, the same 1 KiB back, over and over. */
    private static void tunnel(ProxyFixture proxy, int echoPort, AtomicBoolean stop, AtomicLong rounds,
                               Queue<String> failures) {
        long seed = 7L;
        Random random = new Random(seed);
        try (RawHttp c = new RawHttp(proxy.address())) {
            c.send("CONNECT 127.0.0.1:" + echoPort + " HTTP/1.1\r\nHost: 127.0.0.1:" + echoPort + "\r\n\r\n");
            RawHttp.Response established = c.readHeadResponse();
            if (established.status() != 200) {
                failures.add("CONNECT: " + established.statusLine());
                return;
            }
            c.socket().setSoTimeout(10_000);
            OutputStream out = c.socket().getOutputStream();
            InputStream in = c.socket().getInputStream();
            byte[] block = new byte[1024];
            while (!stop.get()) {
                random.nextBytes(block);
                out.write(block);
                out.flush();
                byte[] back = in.readNBytes(block.length);
                assertArrayEquals(block, back, "tunnel echo, seed " + seed + ", round " + rounds.get());
                rounds.incrementAndGet();
            }
        } catch (Throwable e) {
            failures.add("tunnel after " + rounds.get() + " rounds: " + e);
        }
    }

    private static HttpResponse<String> rewriteAndReload(ProxyFixture proxy, Path file, int gen) throws Exception {
        Path tmp = file.resolveSibling("policy.json.tmp");
        Files.writeString(tmp, Policies.generation(gen));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return Admin.post(proxy.daemon.adminAddress(), "/v1/reload", TOKEN);
    }

    private static HttpResponse<String> put(ProxyFixture proxy, int gen) throws Exception {
        return Admin.send(HttpRequest.newBuilder(Admin.uri(proxy.daemon.adminAddress(), "/v1/orgs/default/policy"))
                .header("Authorization", "Bearer " + TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofString(Policies.generation(gen))));
    }

    private static int status(ProxyFixture proxy, TestOrigin origin, String path) throws Exception {
        try (RawHttp c = new RawHttp(proxy.address())) {
            c.send("GET " + origin.base() + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
            return c.readResponse().status();
        }
    }

    /** A loopback echo server: one thread per connection, bytes back as they come. */
    static final class EchoServer implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());

        EchoServer() throws IOException {
            start("echo-accept", () -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        start("echo", () -> {
                            try (s) {
                                s.getInputStream().transferTo(s.getOutputStream());
                            } catch (IOException ignored) {
                                // the peer went away
                            }
                        });
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
