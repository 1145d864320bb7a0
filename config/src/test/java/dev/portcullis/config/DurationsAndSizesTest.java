package dev.portcullis.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsAndSizesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            500ms   | 500     | 500ms
            10s     | 10000   | 10s
            5m      | 300000  | 5m
            1h      | 3600000 | 1h
            3d      | 259200000 | 3d
            120s    | 120000  | 2m
            1h30m   | 5400000 | 1h30m
            0s      | 0       | 0s
            0ms     | 0       | 0s
            1d1ms   | 86400001 | 1d1ms
            """)
    void parsesDurations(String text, long millis, String formatted) {
        Duration d = Durations.parse(text);
        assertEquals(Duration.ofMillis(millis), d);
        assertEquals(formatted, Durations.format(d));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ""        | empty duration (write e.g. 500ms, 10s, 5m, 1h or 3d)
            10        | '10' has no unit (write e.g. 500ms, 10s, 5m, 1h or 3d)
            1.5s      | '1.5s' is not a duration: use whole numbers, e.g. 1500ms instead of 1.5s
            -5s       | duration '-5s' is negative
            5 s       | '5 s' has no unit (write e.g. 500ms, 10s, 5m, 1h or 3d)
            10sec     | '10sec' has unknown unit 'sec' (write e.g. 500ms, 10s, 5m, 1h or 3d)
            10S       | '10S' has unknown unit 'S' (write e.g. 500ms, 10s, 5m, 1h or 3d)
            s         | 's' is not a duration (write e.g. 500ms, 10s, 5m, 1h or 3d)
            30m1h     | '30m1h': units must go from largest to smallest, each once
            1s1s      | '1s1s': units must go from largest to smallest, each once
            PT10S     | 'PT10S' is not a duration (write e.g. 500ms, 10s, 5m, 1h or 3d)
            9999999999999d | duration '9999999999999d' is too large
            999999999999d  | duration '999999999999d' is too large
            """)
    void rejectsBadDurations(String text, String message) {
        assertEquals(message, assertThrows(ValueParseException.class, () -> Durations.parse(text)).getMessage());
    }

    @Test
    void durationFormatRoundTripsOnRandomValues() {
        long seed = 0x5EED_0004L;
        Random r = new Random(seed);
        for (int i = 0; i < 5000; i++) {
            Duration d = Duration.ofMillis(r.nextLong(400L * 86_400_000L));
            assertEquals(d, Durations.parse(Durations.format(d)), "seed " + seed + " " + d);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            32768   | 32768      | 32KiB
            32KiB   | 32768      | 32KiB
            1MiB    | 1048576    | 1MiB
            2GiB    | 2147483648 | 2GiB
            100B    | 100        | 100B
            64 kib  | 65536      | 64KiB
            0       | 0          | 0B
            1536KiB | 1572864    | 1536KiB
            """)
    void parsesSizes(String text, long bytes, String formatted) {
        assertEquals(bytes, Sizes.parse(text));
        assertEquals(formatted, Sizes.format(bytes));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            ""        | empty size; expected bytes or e.g. 32KiB, 1MiB
            32KB      | '32KB' is ambiguous; use KiB, MiB or GiB (powers of 1024) or plain bytes
            1m        | '1m' is ambiguous; use KiB, MiB or GiB (powers of 1024) or plain bytes
            1.5MiB    | '1.5MiB' is not a size: use whole numbers, e.g. 1536KiB instead of 1.5MiB
            -1        | '-1' is not a size; expected bytes or e.g. 32KiB, 1MiB
            KiB       | 'KiB' is not a size; expected bytes or e.g. 32KiB, 1MiB
            10TiB     | '10TiB' has unknown unit 'TiB'; use B, KiB, MiB or GiB
            9999999999999999GiB | size '9999999999999999GiB' is too large
            9999999999999999999 | size '9999999999999999999' is too large
            """)
    void rejectsBadSizes(String text, String message) {
        assertEquals(message, assertThrows(ValueParseException.class, () -> Sizes.parse(text)).getMessage());
    }

    @Test
    void sizeFormatRoundTripsOnRandomValues() {
        long seed = 0x5EED_0005L;
        Random r = new Random(seed);
        for (int i = 0; i < 5000; i++) {
            long v = r.nextBoolean() ? r.nextLong(1L << 40) : (long) r.nextInt(1 << 20) << (10 * r.nextInt(3));
            assertEquals(v, Sizes.parse(Sizes.format(v)), "seed " + seed + " " + v);
        }
    }
}
