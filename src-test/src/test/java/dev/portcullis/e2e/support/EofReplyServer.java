package dev.portcullis.e2e.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A TCP origin on 127.0.0.1 that reads until the client half-closes, then answers how many bytes it got and what
 * they started with, and closes: it only answers if a FIN made it through the tunnel.
 */
public final class EofReplyServer implements AutoCloseable {
    private final ServerSocket server;
    private final Thread thread;

    public EofReplyServer() throws IOException {
        server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "eof-reply-server");
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(10_000);
                InputStream in = s.getInputStream();
                byte[] all = in.readAllBytes();
                String head = new String(all, 0, Math.min(all.length, 16), StandardCharsets.ISO_8859_1);
                s.getOutputStream().write(("got " + all.length + " bytes starting " + head)
                        .getBytes(StandardCharsets.ISO_8859_1));
                s.shutdownOutput();
            } catch (IOException e) {
                // next connection
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
