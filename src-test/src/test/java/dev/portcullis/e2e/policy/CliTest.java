package dev.portcullis.e2e.policy;

import dev.portcullis.proxy.daemon.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI contract: exit codes and messages of check, policy check and version. */
class CliTest {
    @TempDir
    Path dir;

    record Outcome(int code, String out, String err) {
    }

    static Outcome run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = new CommandLine(new Main()).execute(args);
            return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void versionPrintsAVersion() {
        Outcome o = run("version");
        assertEquals(0, o.code());
        assertTrue(o.out().startsWith("portcullis "), o.out());
    }

    @Test
    void policyCheckAcceptsAGoodDocumentAndNamesTheFieldInABadOne() throws Exception {
        Path good = dir.resolve("good.json");
        Files.writeString(good, "{\"rules\": [{\"name\": \"b\", \"precedence\": 1, \"action\": \"block\","
                + " \"filters\": [\"http\"], \"traffic\": \"http.request.host == \\\"a.example\\\"\"}]}");
        assertEquals(0, run("policy", "check", good.toString()).code());

        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"rules\": [{\"name\": \"Block gambling\", \"precedence\": 1, \"action\": \"block\","
                + " \"filters\": [\"http\"], \"traffic\": \"http.request.hots == \\\"a.example\\\"\"}]}");
        Outcome o = run("policy", "check", bad.toString());
        assertEquals(1, o.code());
        assertTrue(o.err().contains("bad.json rules[0] \"Block gambling\" traffic 1:1: unknown field"
                + " 'http.request.hots'; did you mean 'http.request.host'?"), o.err());
    }

    @Test
    void configCheckReportsConfigAndPolicyErrors() throws Exception {
        Path cfg = dir.resolve("portcullis.yaml");
        Files.writeString(cfg, "proxy:\n  lisen: [\"127.0.0.1:3128\"]\n");
        Outcome o = run("check", "--config", cfg.toString());
        assertEquals(1, o.code());
        assertTrue(o.err().contains("portcullis.yaml:2:3 /proxy/lisen: unknown key 'lisen'; did you mean 'listen'?"),
                o.err());

        Path policy = dir.resolve("policy.json");
        Files.writeString(policy, "{\"rules\": [{\"name\": \"x\", \"action\": \"isolate\", \"filters\": [\"http\"]}]}");
        Files.writeString(cfg, "policy:\n  file: \"policy.json\"\n");
        o = run("check", "--config", cfg.toString());
        assertEquals(1, o.code());
        assertTrue(o.err().contains("isolate"), o.err());

        Files.writeString(policy, "{\"rules\": []}");
        o = run("check", "--config", cfg.toString());
        assertEquals(0, o.code(), o.err());
    }

    @Test
    void unknownFlagsAreErrors() {
        Outcome o = run("run", "--lissen", "127.0.0.1:1");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("--lissen"), o.err());
    }
}
