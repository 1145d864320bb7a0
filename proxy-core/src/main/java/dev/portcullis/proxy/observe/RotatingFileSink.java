package dev.portcullis.proxy.observe;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A file that rotates by size: before a line would take it past {@code maxSize}, {@code log} becomes {@code log.1},
 * {@code log.1} becomes {@code log.2} ... up to {@code log.N}, and the oldest is deleted. A line is never split, so
 * a file exceeds the limit only when one line alone is larger.
 *
 * <p>Hand-written rather than logback's {@code FixedWindowRollingPolicy}: that caps the window at 20 files and checks
 * the size only every so often, so files overshoot; here the check is exact and the whole thing is 80 lines.
 */
final class RotatingFileSink implements LogSink {
    private final Path file;
    private final long maxSize;
    private final int maxFiles;
    private OutputStream out;
    private long size;

    RotatingFileSink(Path file, long maxSize, int maxFiles) throws IOException {
        if (maxSize < 1 || maxFiles < 1) {
            throw new IllegalArgumentException("rotation needs max_size >= 1 and max_files >= 1, got " + maxSize
                    + " and " + maxFiles);
        }
        this.file = file.toAbsolutePath();
        this.maxSize = maxSize;
        this.maxFiles = maxFiles;
        open();
    }

    private void open() throws IOException {
        out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE), 64 * 1024);
        size = Files.size(file);
    }

    @Override
    public void write(byte[] line) throws IOException {
        if (size > 0 && size + line.length > maxSize) {
            rotate();
        }
        out.write(line);
        size += line.length;
    }

    private void rotate() throws IOException {
        out.close();
        try {
            Files.deleteIfExists(numbered(maxFiles));
            for (int i = maxFiles - 1; i >= 1; i--) {
                Path from = numbered(i);
                if (Files.exists(from)) {
                    Files.move(from, numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(file, numbered(1), StandardCopyOption.REPLACE_EXISTING);
        } finally {
            // Even when a rename failed (disk full, permissions), keep logging into the current file.
            open();
        }
    }

    Path numbered(int i) {
        return file.resolveSibling(file.getFileName() + "." + i);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
