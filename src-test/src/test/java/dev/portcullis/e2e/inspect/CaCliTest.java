package dev.portcullis.e2e.inspect;

import dev.portcullis.tls.ca.CertificateAuthority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code portcullis ca init} and {@code run --ca-cert/--ca-key}, as separate processes like an operator runs them. */
class CaCliTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    static Run portcullis(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.portcullis.proxy.daemon.Main"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("portcullis " + String.join(" ", args) + " did not exit");
        }
        return new Run(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void caInitWritesACaThatLoads() throws Exception {
        Path out = dir.resolve("ca");
        Run init = portcullis("ca", "init", "--out", out.toString(), "--name", "Acme Gateway CA", "--days", "30");
        assertEquals(0, init.exit(), init.err());
        assertTrue(init.out().contains("update-ca-certificates"), "install instructions: " + init.out());
        Path cert = out.resolve("ca.pem");
        Path key = out.resolve("ca.key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        CertificateAuthority ca = CertificateAuthority.load(cert, key);
        assertTrue(ca.certificate().getSubjectX500Principal().getName().contains("Acme Gateway CA"));

        Run again = portcullis("ca", "init", "--out", out.toString());
        assertNotEquals(0, again.exit());
        assertTrue(again.err().contains("already exists"), again.err());
    }

    @Test
    void runRefusesAWorldReadableCaKeyWithAClearMessage() throws Exception {
        Path out = dir.resolve("ca");
        assertEquals(0, portcullis("ca", "init", "--out", out.toString()).exit());
        Path key = out.resolve("ca.key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        Run run = portcullis("run", "--listen", "127.0.0.1:0", "--admin-listen", "127.0.0.1:0",
                "--ca-cert", out.resolve("ca.pem").toString(), "--ca-key", key.toString());
        assertNotEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.err().contains(key.toString()), "names the key file: " + run.err());
        assertTrue(run.err().contains("accessible by group or others"),
                "says what is wrong: " + run.err());
        String keyBody = Files.readString(key).lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        assertFalse((run.out() + run.err()).contains(keyBody), "the key never appears in the output");
    }
}
