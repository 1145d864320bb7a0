package dev.portcullis.proxy.observe;

import java.io.IOException;
import java.io.OutputStream;

/** Where the access log writer thread puts finished lines. Used by that one thread only. */
interface LogSink extends AutoCloseable {

    /** Writes one line (the newline included). */
    void write(byte[] line) throws IOException;

    void flush() throws IOException;

    @Override
    void close() throws IOException;

    /** Standard output or any stream that is never rotated; closing only flushes it. */
    static LogSink of(OutputStream out) {
        return new LogSink() {
            @Override
            public void write(byte[] line) throws IOException {
                out.write(line);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.flush();
            }
        };
    }
}
