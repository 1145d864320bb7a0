package dev.portcullis.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Entry point: reads a JSON or YAML config file strictly and returns a validated {@link DaemonConfig}, or throws a
 * {@link ConfigException} listing every problem with its file, line, column and JSON pointer. Keys the file leaves
 * out take their values from the embedded {@code portcullis-default.yaml}.
 */
public final class ConfigLoader {

    static final String DEFAULT_RESOURCE = "portcullis-default.yaml";
    /** Source name of the embedded default; cannot clash with a real file name. */
    static final String DEFAULT_SOURCE = "<embedded " + DEFAULT_RESOURCE + ">";

    private ConfigLoader() {
    }

    /** Loads a file; the format comes from its extension; relative paths inside resolve against its directory. */
    public static DaemonConfig load(Path file) throws ConfigException {
        Format format = Format.of(file);
        byte[] content;
        try {
            if (Files.size(file) > DocumentReader.MAX_BYTES) {
                throw new ConfigException(List.of(file + ": file is larger than " + DocumentReader.MAX_BYTES + " bytes"));
            }
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(List.of(file + ": file not found"));
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot read: " + e.getMessage()));
        }
        Path dir = file.toAbsolutePath().normalize().getParent();
        return parse(file.toString(), content, format, dir);
    }

    /** The built-in configuration (what an empty {@code {}} file gives). */
    public static DaemonConfig embeddedDefault() {
        return Embedded.CONFIG;
    }

    /** Parses content; relative paths inside resolve against the working directory. */
    public static DaemonConfig parse(String sourceName, byte[] content, Format format) throws ConfigException {
        return parse(sourceName, content, format, Path.of("").toAbsolutePath());
    }

    /** Parses content; relative paths inside resolve against {@code baseDirectory}. */
    public static DaemonConfig parse(String sourceName, byte[] content, Format format, Path baseDirectory)
            throws ConfigException {
        Problems problems = new Problems(sourceName);
        Doc user = new DocumentReader(sourceName, problems).read(content, format);
        Doc merged = user instanceof Doc.Obj o ? Doc.overlay(Embedded.TREE, o) : user;
        DaemonConfig config = new Binder(problems, baseDirectory).bind(merged);
        if (config == null || !problems.isEmpty()) {
            throw problems.toException();
        }
        for (CrossCheck.Violation v : CrossCheck.run(config)) {
            boolean useAlt = v.altPointer() != null && Doc.at(user, v.pointer()) == null
                    && Doc.at(user, v.altPointer()) != null;
            String pointer = useAlt ? v.altPointer() : v.pointer();
            problems.add(Doc.nearest(user, pointer).pos(), pointer, useAlt ? v.altMessage() : v.message());
        }
        if (!problems.isEmpty()) {
            throw problems.toException();
        }
        return config;
    }

    /** The embedded default, parsed once; it must bind on its own, so it sets every key. */
    private static final class Embedded {
        static final Doc.Obj TREE;
        static final DaemonConfig CONFIG;

        static {
            try (InputStream in = ConfigLoader.class.getResourceAsStream("/" + DEFAULT_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(DEFAULT_RESOURCE + " is missing from the classpath");
                }
                Problems problems = new Problems(DEFAULT_SOURCE);
                Doc doc = new DocumentReader(DEFAULT_SOURCE, problems).read(in.readAllBytes(), Format.YAML);
                DaemonConfig config = new Binder(problems, Path.of("").toAbsolutePath()).bind(doc);
                if (config == null || !problems.isEmpty()) {
                    throw problems.toException();
                }
                List<CrossCheck.Violation> violations = CrossCheck.run(config);
                if (!violations.isEmpty()) {
                    throw new IllegalStateException("embedded default breaks a rule: " + violations);
                }
                TREE = (Doc.Obj) doc;
                CONFIG = config;
            } catch (IOException | ConfigException e) {
                throw new IllegalStateException("embedded " + DEFAULT_RESOURCE + " is invalid: " + e.getMessage(), e);
            }
        }
    }
}
