package dev.portcullis.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine stays pure: neither its sources nor its compiled classes may reference Netty, Jackson or file APIs.
 * Class files are checked too because a fully-qualified name needs no import.
 */
class NoForbiddenImportsTest {
    private static final String[] FORBIDDEN_SOURCE = {"io.netty", "com.fasterxml", "java.nio.file", "java.io.File"};
    private static final String[] FORBIDDEN_CLASS = {"io/netty", "com/fasterxml", "java/nio/file", "java/io/File"};

    @Test
    void mainClassesReferenceNoForbiddenPackage() throws IOException, URISyntaxException {
        Path classes = classesDir();
        List<String> offenders = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                scanned++;
                String bytes = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
                for (String f : FORBIDDEN_CLASS) {
                    if (bytes.contains(f)) {
                        offenders.add(classes.relativize(p) + " -> " + f);
                    }
                }
            }
        }
        assertTrue(scanned > 30, "expected to scan the engine's classes in " + classes + ", found " + scanned);
        assertEquals(List.of(), offenders);
    }

    @Test
    void mainSourcesImportNoForbiddenPackage() throws IOException, URISyntaxException {
        Path sources = classesDir().resolve("../../src/main/java").normalize();
        List<String> offenders = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                scanned++;
                String text = Files.readString(p);
                for (String f : FORBIDDEN_SOURCE) {
                    if (text.contains(f)) {
                        offenders.add(sources.relativize(p) + " -> " + f);
                    }
                }
            }
        }
        assertTrue(scanned > 30, "expected to scan the engine's sources in " + sources + ", found " + scanned);
        assertEquals(List.of(), offenders);
    }

    @Test
    void detectorWouldSeeAForbiddenReference() throws IOException {
        // This test class itself uses java.nio.file, so scanning its bytes must flag it: the check is not vacuous.
        try (InputStream in = NoForbiddenImportsTest.class.getResourceAsStream("NoForbiddenImportsTest.class")) {
            String bytes = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(bytes.contains("java/nio/file"));
        }
    }

    /** target/classes, found through a main class so that the test works from any working directory. */
    private static Path classesDir() throws URISyntaxException {
        URL url = FilterCompiler.class.getProtectionDomain().getCodeSource().getLocation();
        return Paths.get(url.toURI());
    }
}
