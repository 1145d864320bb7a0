package dev.portcullis.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The access-log rotation/privacy keys and {@code policy.url}: values, bounds and the file/url exclusion. */
class AccessLogAndPolicyUrlConfigTest {

    private static DaemonConfig yaml(String text, Path dir) throws ConfigException {
        return ConfigLoader.parse("t.yaml", text.getBytes(StandardCharsets.UTF_8), Format.YAML, dir);
    }

    @Test
    void defaultsRotateAt100MiBKeepTenAndHideNothing() {
        AccessLogSection a = ConfigLoader.embeddedDefault().accessLog();
        assertEquals(100L * 1024 * 1024, a.maxSize());
        assertEquals(10, a.maxFiles());
        assertEquals(AccessLogPrivacy.NONE, a.privacy());
        assertEquals(Optional.empty(), a.hashKeyFile());
        PolicySection p = ConfigLoader.embeddedDefault().policy();
        assertEquals(Optional.empty(), p.url());
        assertEquals(Duration.ofSeconds(60), p.pollInterval());
    }

    @Test
    void readsEveryNewKey(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("k"), "0123456789abcdef0123");
        DaemonConfig c = yaml("""
                access_log: {path: "a.log", max_size: "2MiB", max_files: 3, privacy: "hash", hash_key_file: "k"}
                policy: {url: "https://policy.example/org.json", poll_interval: "15s"}
                """, dir);
        assertEquals(2L << 20, c.accessLog().maxSize());
        assertEquals(3, c.accessLog().maxFiles());
        assertEquals(AccessLogPrivacy.HASH, c.accessLog().privacy());
        assertEquals(Optional.of(dir.resolve("k")), c.accessLog().hashKeyFile());
        assertEquals(Optional.of(URI.create("https://policy.example/org.json")), c.policy().url());
        assertEquals(Duration.ofSeconds(15), c.policy().pollInterval());
    }

    @Test
    void badValuesAreNamedWithTheirPointer(@TempDir Path dir) {
        String msg = assertThrows(ConfigException.class, () -> yaml("""
                access_log: {privacy: "scramble", max_files: 0, max_size: 10}
                policy: {url: "http://policy.example/x.json"}
                """, dir)).getMessage();
        assertTrue(msg.contains("/access_log/privacy") && msg.contains("none, hash, omit"), msg);
        assertTrue(msg.contains("/access_log/max_files"), msg);
        assertTrue(msg.contains("/access_log/max_size"), msg);
        assertTrue(msg.contains("/policy/url") && msg.contains("https://"), msg);
    }

    @Test
    void fileAndUrlExcludeEachOther(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("p.json"), "{}");
        String msg = assertThrows(ConfigException.class, () -> yaml("""
                policy: {file: "p.json", url: "https://policy.example/x.json"}
                """, dir)).getMessage();
        assertTrue(msg.contains("exclude each other"), msg);
        String override = assertThrows(ConfigException.class, () -> ConfigLoader.embeddedDefault()
                .withPolicyUrl(URI.create("https://policy.example/x.json"), Duration.ofSeconds(5))
                .withPolicyFile(dir.resolve("p.json")).validate()).getMessage();
        assertTrue(override.contains("/policy/url") && override.contains("exclude each other"), override);
    }

    @Test
    void theAccessLogPathOverrideKeepsRotationAndPrivacy() {
        DaemonConfig c = ConfigLoader.embeddedDefault()
                .withAccessLog(ConfigLoader.embeddedDefault().accessLog().withRotation(4096, 2)
                        .withPrivacy(AccessLogPrivacy.OMIT, null))
                .withAccessLogPath("x.log");
        assertEquals(Optional.of("x.log"), c.accessLog().path());
        assertEquals(4096, c.accessLog().maxSize());
        assertEquals(AccessLogPrivacy.OMIT, c.accessLog().privacy());
    }
}
