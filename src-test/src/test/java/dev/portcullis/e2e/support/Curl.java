package dev.portcullis.e2e.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Runs the real curl binary. Missing curl skips the test on a workstation and fails it in CI. */
public final class Curl {
    private Curl() {
    }

    public static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/curl"));
    }

    public static void require() {
        if (System.getenv("CI") != null && !available()) {
            throw new AssertionError("curl is required in CI (.ci/run installs it)");
        }
        assumeTrue(available(), "curl not installed");
    }

    public record Result(int exitCode, String stdout, String stderr) {
    }

    public static Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("/usr/bin/curl");
        cmd.add("--silent");
        cmd.add("--show-error");
        cmd.add("--max-time");
        cmd.add("20");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("curl did not finish: " + cmd);
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
