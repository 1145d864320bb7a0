package dev.portcullis.config.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyCheckTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int check(Path file) {
        return PolicyCheck.run(file, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void validDocumentPrintsSummary() throws Exception {
        Path file = dir.resolve("realistic.json");
        Files.write(file, OrgPolicyDecisionsTest.resource("/policy/realistic.json"));
        Files.write(dir.resolve("intel.json"), OrgPolicyDecisionsTest.resource("/intel/sample-intel.json"));
        assertEquals(0, check(file), err.toString(StandardCharsets.UTF_8));
        String summary = out.toString(StandardCharsets.UTF_8);
        assertTrue(summary.startsWith(file + ": OK, version "), summary);
        assertTrue(summary.contains("rules: 7 enabled (1 l4, 3 do-not-inspect/inspect, 3 http of which"), summary);
        assertTrue(summary.contains("1 disabled"), summary);
        assertTrue(summary.contains("lists: 2 with 4 items"), summary);
        assertTrue(summary.contains("tls_decrypt: enabled, default_action: allow"), summary);
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void brokenDocumentPrintsEveryError() throws Exception {
        Path file = dir.resolve("broken.json");
        Files.write(file, OrgPolicyDecisionsTest.resource("/policy/invalid/multiple-errors.json"));
        assertEquals(1, check(file));
        String errors = err.toString(StandardCharsets.UTF_8);
        assertTrue(errors.startsWith(file + ": 3 error(s)"), errors);
        assertTrue(errors.contains("unknown action 'blok'"), errors);
        assertTrue(errors.contains("unknown field 'http.request.hots'"), errors);
        assertTrue(errors.contains("unsupported filter 'dns'"), errors);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void missingFileIsOneClearError() {
        Path file = dir.resolve("nope.json");
        assertEquals(1, check(file));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains(file + ": cannot read policy document"),
                err.toString(StandardCharsets.UTF_8));
    }
}
