package dev.portcullis.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keeps docs/configuration.md honest: every key documented, and its examples load. */
class DocsTest {

    private static final Path DOC = Path.of(System.getProperty("user.dir")).resolve("../docs/configuration.md");

    private static String doc() throws IOException {
        return Files.readString(DOC);
    }

    private static List<String> blocks(String lang) throws IOException {
        Matcher m = Pattern.compile("```" + lang + "\\n(.*?)```", Pattern.DOTALL).matcher(doc());
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static Doc defaultTree() throws Exception {
        try (InputStream in = DocsTest.class.getResourceAsStream("/" + ConfigLoader.DEFAULT_RESOURCE)) {
            return new DocumentReader("default", new Problems("default")).read(in.readAllBytes(), Format.YAML);
        }
    }

    private static void leaves(Doc node, String path, List<String> out) {
        if (node instanceof Doc.Obj o) {
            for (Doc.Field f : o.fields()) {
                leaves(f.value(), path.isEmpty() ? f.key() : path + "." + f.key(), out);
            }
        } else {
            out.add(path);
        }
    }

    @Test
    void everyKeyHasARowInTheKeyTables() throws Exception {
        List<String> keys = new ArrayList<>();
        leaves(defaultTree(), "", keys);
        assertEquals(62, keys.size(), keys.toString());
        String doc = doc();
        for (String key : keys) {
            assertTrue(doc.contains("| `" + key + "` |"), "docs/configuration.md has no row for " + key);
        }
    }

    @Test
    void theDefaultsShownAreTheEmbeddedDefaults() throws Exception {
        String shown = blocks("yaml").get(0);
        assertEquals(ConfigLoader.embeddedDefault(),
                ConfigLoader.parse("docs", shown.getBytes(StandardCharsets.UTF_8), Format.YAML));
    }

    @Test
    void theFullExamplesLoadSetEveryKeyAndAgree(@TempDir Path dir) throws Exception {
        for (String f : List.of("admin.token", "corp-roots.pem", "policy.json", "intelligence.json",
                "org-ca.crt.pem", "org-ca.key.pem", "users.htpasswd", "access-log.key",
                "clients-ca.pem")) {
            Files.writeString(dir.resolve(f), "placeholder");
        }
        String yaml = blocks("yaml").get(1);
        String json = blocks("json").get(0);
        DaemonConfig fromYaml = ConfigLoader.parse("example.yaml", yaml.getBytes(StandardCharsets.UTF_8), Format.YAML, dir);
        DaemonConfig fromJson = ConfigLoader.parse("example.json", json.getBytes(StandardCharsets.UTF_8), Format.JSON, dir);
        assertEquals(fromYaml, fromJson);

        List<String> all = new ArrayList<>();
        leaves(defaultTree(), "", all);
        Doc example = new DocumentReader("example", new Problems("example"))
                .read(yaml.getBytes(StandardCharsets.UTF_8), Format.YAML);
        List<String> set = new ArrayList<>();
        leaves(example, "", set);
        assertEquals(all, set, "the full example should set every key, in the documented order");
        assertTrue(fromYaml.inspection().enabled());
    }
}
