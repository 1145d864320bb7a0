package dev.portcullis.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test fixtures under {@code src/test/resources/config/}. */
final class Fixtures {

    private Fixtures() {
    }

    static Path dir(String name) {
        URL url = Fixtures.class.getResource("/config/" + name);
        if (url == null) {
            throw new IllegalStateException("missing fixture directory config/" + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses a fixture with its bare file name as the source, so expected messages do not depend on the checkout path. */
    static DaemonConfig parse(String dir, String file) throws ConfigException {
        Path d = dir(dir);
        Path f = d.resolve(file);
        try {
            return ConfigLoader.parse(file, Files.readAllBytes(f), Format.of(f), d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
