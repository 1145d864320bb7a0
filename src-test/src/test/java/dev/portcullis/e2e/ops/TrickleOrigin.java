package dev.portcullis.e2e.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An origin on 127.0.0.1 that answers every request with a {@code chunks * chunkSize} byte body (Content-Length),
 * written one chunk per {@code intervalMillis} from a scheduler: a download that stays in flight for a known time.
 * Byte {@code i} of the body is {@link #pattern(long)}.
 */
final class TrickleOrigin implements AutoCloseable {
    private final ServerSocket server;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final int chunks;
    private final int chunkSize;
    private final long intervalMillis;
    final AtomicInteger completed = new AtomicInteger();

    TrickleOrigin(int chunks, int chunkSize, long intervalMillis) throws IOException {
        this.chunks = chunks;
        this.chunkSize = chunkSize;
        this.intervalMillis = intervalMillis;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "trickle-accept");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    long length() {
        return (long) chunks * chunkSize;
    }

    static byte pattern(long i) {
        return (byte) ('a' + (i * 7 + i / 251) % 26);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                scheduler.execute(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try {
            readHead(s.getInputStream());
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + length()
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            writeChunk(s, out, 0);
        } catch (IOException e) {
            closeQuietly(s);
        }
    }

    private void writeChunk(Socket s, OutputStream out, int n) {
        try {
            byte[] chunk = new byte[chunkSize];
            for (int i = 0; i < chunkSize; i++) {
                chunk[i] = pattern((long) n * chunkSize + i);
            }
            out.write(chunk);
            out.flush();
            if (n + 1 < chunks) {
                scheduler.schedule(() -> writeChunk(s, out, n + 1), intervalMillis, TimeUnit.MILLISECONDS);
            } else {
                completed.incrementAndGet();
                s.close();
            }
        } catch (IOException e) {
            closeQuietly(s);
        }
    }

    private static void readHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("request ended before its head");
            }
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        scheduler.shutdownNow();
    }
}
