package dev.portcullis.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the module's promises by scanning its compiled classes' constant pools: no policy, config or proxy code,
 * and Netty pipeline types ({@code io.netty.channel}) only in {@code tls.netty}.
 */
class ModuleBoundariesTest {

    private static Path mainClasses() throws URISyntaxException {
        Path classes = Path.of(dev.portcullis.tls.ca.CertificateAuthority.class.getProtectionDomain().getCodeSource()
                .getLocation().toURI());
        assertTrue(Files.isDirectory(classes.resolve("dev/portcullis/tls")), "main classes not found at " + classes);
        return classes;
    }

    private static List<String> violations(Path classes, String forbidden, String allowedPackage) throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                String relative = classes.relativize(file).toString().replace('\\', '/');
                if (allowedPackage != null && relative.startsWith(allowedPackage)) {
                    continue;
                }
                String pool = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                if (pool.contains(forbidden)) {
                    found.add(relative);
                }
            }
        }
        return found;
    }

    @Test
    void noPolicyConfigOrProxyCode() throws Exception {
        Path classes = mainClasses();
        for (String forbidden : List.of("dev/portcullis/policy", "dev/portcullis/config", "dev/portcullis/proxy")) {
            assertEquals(List.of(), violations(classes, forbidden, null), "classes referring to " + forbidden);
        }
    }

    @Test
    void nettyPipelineTypesOnlyInTheNettyPackage() throws Exception {
        assertEquals(List.of(), violations(mainClasses(), "io/netty/channel", "dev/portcullis/tls/netty/"));
    }
}
