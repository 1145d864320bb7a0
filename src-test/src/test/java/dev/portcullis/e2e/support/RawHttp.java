package dev.portcullis.e2e.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A plain socket to the proxy, for requests no well-behaved client would send. */
public final class RawHttp implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawHttp(InetSocketAddress address) throws IOException {
        this(address, null);
    }

    /** @param from the local address to connect from (e.g. 127.0.0.2 to test source ranges); null = any */
    public RawHttp(InetSocketAddress address, java.net.InetAddress from) throws IOException {
        socket = new Socket();
        if (from != null) {
            socket.bind(new InetSocketAddress(from, 0));
        }
        socket.connect(address, 5000);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    public RawHttp send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawHttp send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    public Socket socket() {
        return socket;
    }

    /** Reads one response: head, then a Content-Length or chunked body (or until close without either). */
    public Response readResponse() throws IOException {
        String head = readHead();
        Response r = Response.parseHead(head);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String te = r.header("transfer-encoding");
        String cl = r.header("content-length");
        if (r.status == 204 || r.status == 304 || (r.status >= 100 && r.status < 200)) {
            return r.withBody(new byte[0]);
        }
        if (te != null && te.toLowerCase().contains("chunked")) {
            while (true) {
                String sizeLine = readLine();
                int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                if (size == 0) {
                    while (!readLine().isEmpty()) {
                        // trailers
                    }
                    break;
                }
                body.write(in.readNBytes(size));
                readLine();
            }
        } else if (cl != null) {
            body.write(in.readNBytes(Integer.parseInt(cl.trim())));
        } else if (!r.headOnly) {
            body.write(in.readAllBytes());
        }
        return r.withBody(body.toByteArray());
    }

    /** Reads one response to a HEAD request: head only. */
    public Response readHeadResponse() throws IOException {
        Response r = Response.parseHead(readHead());
        return r.withBody(new byte[0]);
    }

    /** True if the proxy closed the connection (EOF) within the socket timeout. */
    public boolean closedByPeer() throws IOException {
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    public byte[] readExactly(int n) throws IOException {
        return in.readNBytes(n);
    }

    public byte[] readToEnd() throws IOException {
        return in.readAllBytes();
    }

    private String readHead() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            String line = readLine();
            if (line.isEmpty()) {
                if (sb.length() == 0) {
                    throw new IOException("connection closed before a response");
                }
                return sb.toString();
            }
            sb.append(line).append('\n');
        }
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    public record Response(int status, String statusLine, java.util.Map<String, String> headers, byte[] body,
                           boolean headOnly) {
        static Response parseHead(String head) {
            String[] lines = head.split("\n");
            String[] first = lines[0].split(" ", 3);
            java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                String name = lines[i].substring(0, colon).trim().toLowerCase();
                String value = lines[i].substring(colon + 1).trim();
                headers.merge(name, value, (a, b) -> a + ", " + b);
            }
            return new Response(Integer.parseInt(first[1]), lines[0], headers, null, false);
        }

        Response withBody(byte[] b) {
            return new Response(status, statusLine, headers, b, headOnly);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase());
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }
}
