package dev.portcullis.config.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IntelligenceFileTest {
    private static IntelligenceFile parse(String json) throws PolicyDocumentException {
        return IntelligenceFile.parse("intel.json", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void sampleFileMatchesBySuffix() throws Exception {
        IntelligenceFile intel = IntelligenceFile.parse("sample-intel.json",
                OrgPolicyDecisionsTest.resource("/intel/sample-intel.json"));
        assertArrayEquals(new long[] {99}, intel.contentCategories("casino.example"));
        assertArrayEquals(new long[] {99}, intel.contentCategories("www.casino.example"));
        assertArrayEquals(new long[] {99}, intel.contentCategories("WWW.Casino.Example."));
        assertArrayEquals(new long[0], intel.contentCategories("notcasino.example"));
        assertArrayEquals(new long[0], intel.contentCategories("example"));
        assertArrayEquals(new long[] {80}, intel.securityCategories("x.malware.example"));
        assertArrayEquals(new String[] {"slack"}, intel.appIds("files.slack.com"));
        assertArrayEquals(new String[] {"dropbox", "file-sharing"}, intel.appIds("dropbox.com"));
        assertEquals(Optional.of("Gambling"), intel.categoryName(99));
        assertEquals(Optional.empty(), intel.categoryName(12345));
    }

    @Test
    void mostSpecificSuffixWins() throws Exception {
        IntelligenceFile intel = parse("{\"categories\": {\"1\": \"Broad\", \"2\": \"Narrow\"},"
                + " \"domains\": {\"example.com\": [1], \"a.example.com\": [2]}}");
        assertArrayEquals(new long[] {1}, intel.contentCategories("b.example.com"));
        assertArrayEquals(new long[] {2}, intel.contentCategories("x.a.example.com"));
    }

    @Test
    void kindsAreMatchedIndependently() throws Exception {
        IntelligenceFile intel = parse("{\"categories\": {\"1\": \"A\", \"2\": \"B\"},"
                + " \"domains\": {\"example.com\": [1]}, \"security\": {\"a.example.com\": [2]},"
                + " \"apps\": {\"b.a.example.com\": \"app\"}}");
        assertArrayEquals(new long[] {1}, intel.contentCategories("x.b.a.example.com"));
        assertArrayEquals(new long[] {2}, intel.securityCategories("x.b.a.example.com"));
        assertArrayEquals(new String[] {"app"}, intel.appIds("x.b.a.example.com"));
        assertArrayEquals(new String[0], intel.appIds("a.example.com"));
        assertArrayEquals(new long[0], intel.securityCategories("example.com"));
    }

    @Test
    void lookupsFromManyThreadsAgree() throws Exception {
        IntelligenceFile intel = IntelligenceFile.parse("sample-intel.json",
                OrgPolicyDecisionsTest.resource("/intel/sample-intel.json"));
        String[] hosts = {"casino.example", "bank.example", "zoom.us", "none.example", "x.poker.example"};
        long[][] expected = new long[hosts.length][];
        for (int i = 0; i < hosts.length; i++) {
            expected[i] = intel.contentCategories(hosts[i]);
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<?>>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        int k = (i + offset) % hosts.length;
                        assertArrayEquals(expected[k], intel.contentCategories(hosts[k]), hosts[k]);
                    }
                }));
            }
            for (var f : futures) {
                f.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void returnedArraysAreCopies() throws Exception {
        IntelligenceFile intel = parse("{\"categories\": {\"1\": \"A\"}, \"domains\": {\"a.example\": [1]}}");
        intel.contentCategories("a.example")[0] = 42;
        assertArrayEquals(new long[] {1}, intel.contentCategories("a.example"));
    }

    @Test
    void everyProblemIsReported() {
        PolicyDocumentException e = assertThrows(PolicyDocumentException.class, () -> parse("{\n"
                + "  \"categories\": {\"x\": \"Bad id\", \"7\": \"Seven\"},\n"
                + "  \"domains\": {\"a.example\": [7, 8], \"bad domain\": [7]},\n"
                + "  \"apps\": {\"b.example\": 3},\n"
                + "  \"categorys\": {}\n"
                + "}"));
        assertEquals(List.of(
                "intel.json:5:3 categorys: unknown key 'categorys'; did you mean 'categories'?",
                "intel.json:2:18 categories.x: category ids are non-negative integers, got 'x'",
                "intel.json:3:32 domains.a.example: category 8 is not defined in \"categories\"",
                "intel.json:3:36 domains.bad domain: not a domain name: 'bad domain'",
                "intel.json:4:25 apps.b.example: expected an app id string or an array of them"),
                e.errors());
    }

    @Test
    void syntaxErrorGivesLineAndColumn() {
        PolicyDocumentException e = assertThrows(PolicyDocumentException.class, () -> parse("{\n  \"apps\": {,}\n}"));
        assertEquals(1, e.errors().size());
        assertTrue(e.errors().get(0).startsWith("intel.json:2:12: invalid JSON: Unexpected character (','"),
                e.getMessage());
    }
}
