package dev.portcullis.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The syntax of a configuration file, chosen by its extension. */
public enum Format {
    JSON,
    YAML;

    /** {@code .json} or {@code .yaml}/{@code .yml} (any case); anything else is an error naming the file. */
    public static Format of(Path file) throws ConfigException {
        Path name = file.getFileName();
        String n = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".json")) {
            return JSON;
        }
        if (n.endsWith(".yaml") || n.endsWith(".yml")) {
            return YAML;
        }
        throw new ConfigException(List.of(file + ": unsupported file extension; use .json, .yaml or .yml"));
    }
}
