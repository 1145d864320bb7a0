package dev.portcullis.e2e.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Headless Chromium with its own HOME (so its NSS database, and the CAs it trusts, are the test's), sending all
 * traffic — loopback included — through a proxy. Missing Chromium skips on a workstation and fails in CI.
 */
public final class Chromium {
    private static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Path CERTUTIL = Path.of("/usr/bin/certutil");

    private final Path home;

    private Chromium(Path home) {
        this.home = home;
    }

    public static void require() {
        boolean present = Files.isExecutable(BINARY) && Files.isExecutable(CERTUTIL);
        if (System.getenv("CI") != null && !present) {
            throw new AssertionError("chromium and certutil are required in CI (.ci/run installs them)");
        }
        assumeTrue(present, "chromium or certutil (libnss3-tools) not installed");
    }

    /** A browser profile whose NSS database trusts exactly {@code caPem} for TLS servers. */
    public static Chromium trusting(Path dir, Path caPem) throws IOException, InterruptedException {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path nss = Files.createDirectories(home.resolve(".pki/nssdb"));
        run(List.of(CERTUTIL.toString(), "-d", "sql:" + nss, "-N", "--empty-password"), home);
        run(List.of(CERTUTIL.toString(), "-d", "sql:" + nss, "-A", "-t", "C,,", "-n", "test-org-ca", "-i",
                caPem.toString()), home);
        return new Chromium(home);
    }

    /** Loads {@code url} through the proxy and returns the DOM Chromium rendered. */
    public String dumpDom(String proxy, String url) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--user-data-dir=" + home.resolve("profile"),
                "--proxy-server=" + proxy, "--proxy-bypass-list=<-loopback>", "--dump-dom", url));
        return run(cmd, home);
    }

    private static String run(List<String> cmd, Path home) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
        pb.environment().put("HOME", home.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        Path err = Files.createTempFile(home, "stderr", ".txt");
        Thread drain = new Thread(() -> {
            try {
                Files.write(err, p.getErrorStream().readAllBytes());
            } catch (IOException ignored) {
                // best effort: stderr is only for failure messages
            }
        });
        drain.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("did not finish in 60 s: " + cmd);
        }
        drain.join(5000);
        if (p.exitValue() != 0) {
            throw new AssertionError("exit " + p.exitValue() + " from " + cmd.get(0) + ": "
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
