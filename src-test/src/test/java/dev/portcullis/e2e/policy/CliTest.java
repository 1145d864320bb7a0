package dev.portcullis.e2e.policy;

import dev.portcullis.e2e.support.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI contract: exit codes and messages of check, policy check and version. */
class CliTest {
    @TempDir
    Path dir;

    @Test
    void versionPrintsAVersion() {
        Cli.Outcome o = Cli.run("version");
        assertEquals(0, o.code());
        assertTrue(o.out().startsWith("portcullis "), o.out());
    }

    @Test
    void policyCheckAcceptsAGoodDocumentAndNamesTheFieldInABadOne() throws Exception {
        Path good = dir.resolve("good.json");
        Files.writeString(good, "{\"rules\": [{\"name\": \"b\", \"precedence\": 1, \"action\": \"block\","
                + " \"filters\": [\"http\"], \"traffic\": \"http.request.host == \\\"a.example\\\"\"}]}");
        assertEquals(0, Cli.run("policy", "check", good.toString()).code());

        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"rules\": [{\"name\": \"Block gambling\", \"precedence\": 1, \"action\": \"block\","
                + " \"filters\": [\"http\"], \"traffic\": \"http.request.hots == \\\"a.example\\\"\"}]}");
        Cli.Outcome o = Cli.run("policy", "check", bad.toString());
        assertEquals(1, o.code());
        assertTrue(o.err().contains("bad.json rules[0] \"Block gambling\" traffic 1:1: unknown field"
                + " 'http.request.hots'; did you mean 'http.request.host'?"), o.err());
    }

    @Test
    void configCheckReportsConfigAndPolicyErrors() throws Exception {
        Path cfg = dir.resolve("portcullis.yaml");
        Files.writeString(cfg, "proxy:\n  lisen: [\"127.0.0.1:3128\"]\n");
        Cli.Outcome o = Cli.run("check", "--config", cfg.toString());
        assertEquals(1, o.code());
        assertTrue(o.err().contains("portcullis.yaml:2:3 /proxy/lisen: unknown key 'lisen'; did you mean 'listen'?"),
                o.err());

        Path policy = dir.resolve("policy.json");
        Files.writeString(policy, "{\"rules\": [{\"name\": \"x\", \"action\": \"isolate\", \"filters\": [\"http\"]}]}");
        Files.writeString(cfg, "policy:\n  file: \"policy.json\"\n");
        o = Cli.run("check", "--config", cfg.toString());
        assertEquals(1, o.code());
        assertTrue(o.err().contains("isolate"), o.err());

        Files.writeString(policy, "{\"rules\": []}");
        o = Cli.run("check", "--config", cfg.toString());
        assertEquals(0, o.code(), o.err());
    }

    @Test
    void unknownFlagsAreErrors() {
        Cli.Outcome o = Cli.run("run", "--lissen", "127.0.0.1:1");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("--lissen"), o.err());
    }
}
