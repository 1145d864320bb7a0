package dev.portcullis.proxy.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portcullis.config.AccessLogPrivacy;
import dev.portcullis.config.AccessLogSection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotation at the size limit, the privacy modes, and that every line is one JSON object. */
class JsonAccessLoggerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static AccessRecord record(int i, String ip, String email, String name) {
        return new AccessRecord(Instant.parse("2026-01-01T00:00:00Z"), 1000, "req-" + i, "http", ip, 40000 + i,
                "GET", "http://example.com/" + i, "example.com", 80, "93.184.216.34", 200, 0, 100, "allow", "r1",
                "rule one", null, false, email, name);
    }

    private static List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            JsonNode n = JSON.readTree(l);
            assertTrue(n.isObject(), l);
            out.add(n);
        }
        return out;
    }

    private static JsonNode logOne(Path dir, AccessLogSection s, AccessRecord r) throws Exception {
        JsonAccessLogger logger = (JsonAccessLogger) JsonAccessLogger.create(s);
        logger.log(r);
        logger.close();
        List<JsonNode> got = lines(Path.of(s.path().get()));
        assertEquals(1, got.size());
        return got.get(0);
    }

    @Test
    void rotatesBeforeTheSizeLimitAndKeepsNFiles(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("access.log");
        int lineSize = JsonAccessLogger.format(record(100, "10.0.0.1", null, null), ClientPrivacy.none()).length;
        long maxSize = lineSize * 5L + lineSize / 2;   // five lines fit, the sixth rotates
        int maxFiles = 3;
        JsonAccessLogger logger = (JsonAccessLogger) JsonAccessLogger.create(
                new AccessLogSection(Optional.of(file.toString())).withRotation(maxSize, maxFiles));
        int total = 100;   // ids 100..199 keep every line the same length
        for (int i = 0; i < total; i++) {
            logger.log(record(100 + i, "10.0.0.1", null, null));
        }
        logger.close();
        assertEquals(0, logger.dropped());

        assertFalse(Files.exists(dir.resolve("access.log.4")), "only " + maxFiles + " rotated files are kept");
        List<String> ids = new ArrayList<>();
        for (String name : List.of("access.log.3", "access.log.2", "access.log.1", "access.log")) {
            Path f = dir.resolve(name);
            assertTrue(Files.size(f) <= maxSize, name + " is " + Files.size(f) + " bytes, limit " + maxSize);
            for (JsonNode n : lines(f)) {
                ids.add(n.get("http.request.id").asText());
            }
        }
        // 100 lines, 5 per file: the current file holds the last 5, the three rotated ones the 15 before.
        List<String> expected = new ArrayList<>();
        for (int i = total - 20; i < total; i++) {
            expected.add("req-" + (100 + i));
        }
        assertEquals(expected, ids);
    }

    @Test
    void appendsToAnExistingFileAndCountsItsSize(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("a.log");
        int lineSize = JsonAccessLogger.format(record(100, "10.0.0.1", null, null), ClientPrivacy.none()).length;
        Files.write(file, JsonAccessLogger.format(record(100, "10.0.0.1", null, null), ClientPrivacy.none()));
        JsonAccessLogger logger = (JsonAccessLogger) JsonAccessLogger.create(
                new AccessLogSection(Optional.of(file.toString())).withRotation(lineSize * 2L + lineSize / 2, 2));
        logger.log(record(101, "10.0.0.1", null, null));
        logger.log(record(102, "10.0.0.1", null, null));
        logger.close();
        assertEquals(2, lines(dir.resolve("a.log.1")).size());
        assertEquals("req-102", lines(file).get(0).get("http.request.id").asText());
    }

    @Test
    void tlsUntrustedAppearsOnlyOnPassThroughExchanges(@TempDir Path dir) throws Exception {
        JsonNode plain = logOne(dir, new AccessLogSection(Optional.of(dir.resolve("v.log").toString())),
                record(1, "192.0.2.7", null, null));
        assertNull(plain.get("tls.untrusted"), plain.toString());
        JsonNode passed = logOne(dir, new AccessLogSection(Optional.of(dir.resolve("u.log").toString())),
                record(2, "192.0.2.7", null, null).withTlsUntrusted());
        assertTrue(passed.get("tls.untrusted").asBoolean(), passed.toString());
    }

    @Test
    void privacyNoneWritesTheClientAndTheUser(@TempDir Path dir) throws Exception {
        JsonNode n = logOne(dir, new AccessLogSection(Optional.of(dir.resolve("n.log").toString())),
                record(1, "192.0.2.7", "ada@example.com", "Ada Lovelace"));
        assertEquals("192.0.2.7", n.get("source.ip").asText());
        assertEquals(40001, n.get("source.port").asInt());
        assertEquals("ada@example.com", n.get("user.email").asText());
        assertEquals("Ada Lovelace", n.get("user.name").asText());
        assertEquals("example.com", n.get("destination.domain").asText());
    }

    @Test
    void recordsWithoutIdentityHaveNoUserFields(@TempDir Path dir) throws Exception {
        JsonNode n = logOne(dir, new AccessLogSection(Optional.of(dir.resolve("u.log").toString())),
                record(1, "192.0.2.7", null, null));
        assertFalse(n.has("user.email"));
        assertFalse(n.has("user.name"));
    }

    @Test
    void theOrganisationIsWrittenAndSurvivesEveryPrivacyMode(@TempDir Path dir) throws Exception {
        AccessRecord r = record(1, "192.0.2.7", "ada@example.com", "Ada").withOrg("acme");
        JsonNode plain = logOne(dir, new AccessLogSection(Optional.of(dir.resolve("g.log").toString())), r);
        assertEquals("acme", plain.get("organization.id").asText());
        JsonNode omitted = logOne(dir, new AccessLogSection(Optional.of(dir.resolve("go.log").toString()))
                .withPrivacy(AccessLogPrivacy.OMIT, null), r);
        assertEquals("acme", omitted.get("organization.id").asText(), "the tenant is not personal data");
        assertFalse(logOne(dir, new AccessLogSection(Optional.of(dir.resolve("gn.log").toString())),
                record(2, "192.0.2.7", null, null)).has("organization.id"));
    }

    @Test
    void privacyOmitDropsEveryClientIdentifier(@TempDir Path dir) throws Exception {
        JsonNode n = logOne(dir, new AccessLogSection(Optional.of(dir.resolve("o.log").toString()))
                .withPrivacy(AccessLogPrivacy.OMIT, null), record(1, "192.0.2.7", "ada@example.com", "Ada"));
        for (String f : List.of("source.ip", "source.port", "source.address", "user.email", "user.name")) {
            assertFalse(n.has(f), f + " must be omitted: " + n);
        }
        assertFalse(n.toString().contains("192.0.2.7") || n.toString().contains("ada@"), n.toString());
        assertEquals("req-1", n.get("http.request.id").asText());
    }

    @Test
    void privacyHashIsKeyedStableAndHidesTheValue(@TempDir Path dir) throws Exception {
        Path key1 = Files.writeString(dir.resolve("k1"), "0123456789abcdef-key-one");
        Path key2 = Files.writeString(dir.resolve("k2"), "0123456789abcdef-key-two");
        AccessLogSection base = new AccessLogSection(Optional.of(dir.resolve("h.log").toString()));
        JsonNode a = logOne(dir, base.withPrivacy(AccessLogPrivacy.HASH, key1),
                record(1, "192.0.2.7", "ada@example.com", "Ada"));
        Files.delete(dir.resolve("h.log"));
        JsonNode b = logOne(dir, base.withPrivacy(AccessLogPrivacy.HASH, key1),
                record(2, "192.0.2.7", "ada@example.com", "Ada"));
        Files.delete(dir.resolve("h.log"));
        JsonNode c = logOne(dir, base.withPrivacy(AccessLogPrivacy.HASH, key2),
                record(3, "192.0.2.7", "ada@example.com", "Ada"));

        String hashed = a.get("source.address").asText();
        assertTrue(hashed.matches("[0-9a-f]{32}"), hashed);
        assertFalse(a.has("source.ip") || a.has("source.port"), a.toString());
        assertEquals(hashed, b.get("source.address").asText(), "same key, same client: same hash");
        assertNotEquals(hashed, c.get("source.address").asText(), "another key gives another hash");
        assertTrue(a.get("user.email").asText().matches("[0-9a-f]{32}"));
        assertNotEquals(a.get("user.email").asText(), a.get("user.name").asText());
        assertFalse(a.toString().contains("192.0.2.7") || a.toString().contains("ada@"), a.toString());
    }

    @Test
    void hashWithoutKeyFileUsesARandomKeyPerStart(@TempDir Path dir) throws Exception {
        AccessLogSection s = new AccessLogSection(Optional.of(dir.resolve("r.log").toString()))
                .withPrivacy(AccessLogPrivacy.HASH, null);
        String first = logOne(dir, s, record(1, "192.0.2.7", null, null)).get("source.address").asText();
        Files.delete(dir.resolve("r.log"));
        String second = logOne(dir, s, record(1, "192.0.2.7", null, null)).get("source.address").asText();
        assertNotEquals(first, second);
    }

    @Test
    void aShortHashKeyIsRefusedWithItsSize(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("short"), "tiny");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonAccessLogger.create(
                new AccessLogSection(Optional.of(dir.resolve("x.log").toString()))
                        .withPrivacy(AccessLogPrivacy.HASH, key)));
        assertTrue(e.getMessage().contains("4 bytes") && e.getMessage().contains("at least 16"), e.getMessage());
    }
}
