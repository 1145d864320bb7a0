package dev.portcullis.config;

import java.time.Duration;
import java.util.List;

/**
 * Allowed ranges, declared once per key and used both by the loader (which reports them with file positions)
 * and by the record constructors (which reject out-of-range values passed by code, e.g. CLI overrides).
 */
final class Bounds {

    private Bounds() {
    }

    record Count(long min, long max) {
        long check(long v) {
            if (v < min || v > max) {
                throw new ValueParseException("must be between " + min + " and " + max + ", got " + v);
            }
            return v;
        }
    }

    record Size(long min, long max) {
        long check(long v) {
            if (v < min || v > max) {
                throw new ValueParseException("must be between " + Sizes.format(min) + " and " + Sizes.format(max)
                        + ", got " + Sizes.format(v));
            }
            return v;
        }
    }

    record Time(Duration min, Duration max) {
        static Time of(String min, String max) {
            return new Time(Durations.parse(min), Durations.parse(max));
        }

        Duration check(Duration v) {
            if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
                throw new ValueParseException("must be between " + Durations.format(min) + " and "
                        + Durations.format(max) + ", got " + Durations.format(v));
            }
            return v;
        }
    }

    record Items(int min, int max) {
        <T> List<T> check(List<T> v) {
            checkSize(v.size());
            return List.copyOf(v);
        }

        void checkSize(int n) {
            if (n < min) {
                throw new ValueParseException(min == 1 ? "must list at least one entry"
                        : "must list at least " + min + " entries, got " + n);
            }
            if (n > max) {
                throw new ValueParseException("must list at most " + max + " entries, got " + n);
            }
        }
    }
}
