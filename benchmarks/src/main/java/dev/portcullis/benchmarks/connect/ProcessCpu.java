package dev.portcullis.benchmarks.connect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * CPU time (user + system, all threads, exited ones included) of another process, from {@code /proc/PID/stat}.
 * The kernel counts it in clock ticks (USER_HZ, 100 per second on Linux), so a figure is only as good as 10 ms
 * over the whole measured phase: measure thousands of opens, not tens.
 */
final class ProcessCpu {
    static final long NANOS_PER_TICK = 10_000_000L;

    private final Path stat;

    private ProcessCpu(Path stat) {
        this.stat = stat;
    }

    /** @throws IllegalArgumentException when no process {@code pid} is visible */
    static ProcessCpu of(long pid) {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.isReadable(stat)) {
            throw new IllegalArgumentException("no process " + pid + " (cannot read " + stat + ")");
        }
        return new ProcessCpu(stat);
    }

    long nanos() {
        try {
            return parseTicks(Files.readString(stat)) * NANOS_PER_TICK;
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("the measured process exited (" + stat + " is gone)", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** utime + stime (fields 14 and 15) of a {@code /proc/PID/stat} line; the command name may hold spaces. */
    static long parseTicks(String statLine) {
        int close = statLine.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: no ')' after the command name");
        }
        String[] f = statLine.substring(close + 2).trim().split(" ");
        // f[0] is field 3 (state): utime is field 14, stime field 15.
        if (f.length < 13) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + (f.length + 2) + " fields");
        }
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }
}
