package dev.portcullis.config;

import java.math.BigInteger;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Turns one document node into one typed value, or throws {@link ValueParseException} with a message that the
 * binder prefixes with the node's position and pointer. Types are strict: a quoted number is not an integer.
 */
@FunctionalInterface
interface ValueReader<T> {

    T read(Doc node);

    static String string(Doc node) {
        if (node instanceof Doc.Scalar s && s.kind() == Doc.Kind.STRING) {
            return s.text();
        }
        throw expected("a string", node);
    }

    static ValueReader<Long> integer(Bounds.Count bounds) {
        return node -> {
            if (node instanceof Doc.Scalar s && s.kind() == Doc.Kind.INTEGER) {
                BigInteger v = s.integer();
                if (v.bitLength() > 63) {
                    throw new ValueParseException("must be between " + bounds.min() + " and " + bounds.max()
                            + ", got " + v);
                }
                return bounds.check(v.longValue());
            }
            throw expected("an integer", node);
        };
    }

    static ValueReader<Boolean> bool() {
        return node -> {
            if (node instanceof Doc.Scalar s && s.kind() == Doc.Kind.BOOLEAN) {
                return Boolean.parseBoolean(s.text());
            }
            throw expected("true or false", node);
        };
    }

    static ValueReader<Long> size(Bounds.Size bounds) {
        return node -> {
            if (node instanceof Doc.Scalar s && s.kind() == Doc.Kind.INTEGER) {
                if (s.integer().bitLength() > 63) {
                    throw new ValueParseException("size " + s.text() + " is too large");
                }
                return bounds.check(s.integer().longValue());
            }
            if (node instanceof Doc.Scalar s && s.kind() == Doc.Kind.STRING) {
                return bounds.check(Sizes.parse(s.text()));
            }
            throw expected("a size (bytes, or a string such as \"32KiB\")", node);
        };
    }

    static ValueReader<Duration> duration(Bounds.Time bounds) {
        return node -> {
            if (node instanceof Doc.Scalar s && s.kind() == Doc.Kind.STRING) {
                return bounds.check(Durations.parse(s.text()));
            }
            throw expected("a duration string such as \"10s\"", node);
        };
    }

    static ValueReader<PortRanges> ports() {
        return node -> {
            if (node instanceof Doc.Scalar s && s.kind() == Doc.Kind.INTEGER) {
                if (s.integer().bitLength() > 31) {
                    throw new ValueParseException("port " + s.text() + " is out of range 1-65535");
                }
                return PortRanges.of(s.integer().intValue());
            }
            return PortRanges.parse(string(node));
        };
    }

    static ValueReader<Path> path(Path baseDir) {
        return node -> {
            String text = string(node);
            if (text.isBlank()) {
                throw new ValueParseException("empty path; use null to leave it unset");
            }
            try {
                return baseDir.resolve(text).normalize();
            } catch (InvalidPathException e) {
                throw new ValueParseException("'" + Problems.clip(text) + "' is not a valid path: " + e.getReason());
            }
        };
    }

    /** JSON/YAML {@code null} becomes empty; anything else must satisfy {@code inner}. */
    static <T> ValueReader<Optional<T>> nullable(ValueReader<T> inner) {
        return node -> node instanceof Doc.Scalar s && s.kind() == Doc.Kind.NULL
                ? Optional.empty()
                : Optional.of(inner.read(node));
    }

    static ValueParseException expected(String what, Doc node) {
        return new ValueParseException("expected " + what + ", got " + node.describe());
    }
}
