package dev.portcullis.e2e.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.e2e.support.Await;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real daemon as its own process: SIGTERM during a slow download stops the listener at once, lets the download
 * finish byte-exact, writes its access-log line, and exits 0 within the drain timeout.
 */
class SigtermDrainTest {
    private static final Pattern LISTENING = Pattern.compile("portcullis listening on \\[/127\\.0\\.0\\.1:(\\d+)]");
    private static final Duration DRAIN = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    Process daemon;
    TrickleOrigin origin;
    final List<String> output = new CopyOnWriteArrayList<>();

    @AfterEach
    void cleanUp() throws IOException {
        if (daemon != null && daemon.isAlive()) {
            daemon.destroyForcibly();
        }
        if (origin != null) {
            origin.close();
        }
    }

    /** The test JVM's classpath without test classes: the daemon's own logback.xml then applies. */
    private static String daemonClasspath() {
        return Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> !e.endsWith("test-classes"))
                .collect(Collectors.joining(java.io.File.pathSeparator));
    }

    private int startDaemon(Path config, Path accessLog) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", daemonClasspath(), "dev.portcullis.proxy.daemon.Main", "run", "--config", config.toString(),
                "--access-log", accessLog.toString()));
        daemon = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(daemon.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    output.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "daemon-output");
        reader.setDaemon(true);
        reader.start();
        Await.until("the daemon logs its listener", Duration.ofSeconds(60),
                () -> !daemon.isAlive() || output.stream().anyMatch(l -> LISTENING.matcher(l).find()));
        assertTrue(daemon.isAlive(), "daemon died at start:\n" + String.join("\n", output));
        for (String l : output) {
            Matcher m = LISTENING.matcher(l);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("no listener line:\n" + String.join("\n", output));
    }

    private static boolean refused(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void sigtermDrainsTheDownloadInFlightAndExitsZero() throws Exception {
        origin = new TrickleOrigin(20, 4096, 100);   // 80 KiB over ~2 s
        Path accessLog = dir.resolve("access.log");
        Path config = Files.writeString(dir.resolve("portcullis.yaml"), """
                proxy:
                  listen: ["127.0.0.1:0"]
                admin:
                  listen: "127.0.0.1:0"
                upstream:
                  allow_destinations: ["127.0.0.1/32"]
                timeouts:
                  drain: "%ds"
                access_log:
                  max_size: "1MiB"
                  max_files: 2
                """.formatted(DRAIN.toSeconds()));
        int port = startDaemon(config, accessLog);   // the --access-log flag with the file's rotation settings

        try (Socket client = new Socket("127.0.0.1", port)) {
            client.setSoTimeout(15_000);
            client.getOutputStream().write(("GET http://127.0.0.1:" + origin.port() + "/slow HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + origin.port() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = client.getInputStream();
            String head = readHead(in);
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            assertTrue(head.toLowerCase().contains("content-length: " + origin.length()), head);
            byte[] first = in.readNBytes(4096);   // the download is now in flight

            long termAt = System.nanoTime();
            daemon.destroy();   // SIGTERM on Unix

            Await.until("the listener refuses new connections", Duration.ofSeconds(5), () -> refused(port));
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            in.transferTo(rest);
            byte[] body = new byte[first.length + rest.size()];
            System.arraycopy(first, 0, body, 0, first.length);
            System.arraycopy(rest.toByteArray(), 0, body, first.length, rest.size());
            byte[] expected = new byte[(int) origin.length()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = TrickleOrigin.pattern(i);
            }
            assertEquals(expected.length, body.length, "body length after SIGTERM");
            assertArrayEquals(expected, body, "body bytes after SIGTERM");

            assertTrue(daemon.waitFor(DRAIN.toSeconds() + 10, TimeUnit.SECONDS), "daemon did not exit");
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - termAt);
            assertEquals(0, daemon.exitValue(), "exit status after SIGTERM:\n" + String.join("\n", output));
            assertTrue(tookMillis < DRAIN.toMillis() + 5000, "stop took " + tookMillis + " ms");
            System.out.println("SIGTERM to exit: " + tookMillis + " ms (download had ~2 s to run)");
        }

        List<String> lines = Files.readAllLines(accessLog);
        assertEquals(1, lines.size(), "access log: " + lines);
        JsonNode rec = new ObjectMapper().readTree(lines.get(0));
        assertEquals(origin.length(), rec.get("destination.bytes").asLong(), rec.toString());
        assertEquals(200, rec.get("http.response.status_code").asInt());
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside the response head: " + sb);
            }
            sb.append((char) b);
        }
        return sb.toString();
    }
}
