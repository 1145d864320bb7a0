package dev.portcullis.e2e.inspect;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/** A raw TLS connection opened through the proxy with CONNECT, for looking at certificates and ALPN directly. */
final class ProxiedTls {
    private ProxiedTls() {
    }

    static Socket connect(int proxyPort, String host, int port) throws IOException {
        Socket raw = new Socket();
        raw.connect(new InetSocketAddress("127.0.0.1", proxyPort), 5000);
        raw.setSoTimeout(10_000);
        OutputStream out = raw.getOutputStream();
        out.write(("CONNECT " + host + ":" + port + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String head = readHead(raw.getInputStream());
        if (!head.startsWith("HTTP/1.1 200")) {
            raw.close();
            throw new IOException("CONNECT refused: " + head);
        }
        return raw;
    }

    static SSLSocket open(int proxyPort, String host, int port, SSLContext trust, String... alpn)
            throws IOException {
        Socket raw = connect(proxyPort, host, port);
        SSLSocket tls = (SSLSocket) trust.getSocketFactory().createSocket(raw, host, port, true);
        SSLParameters params = tls.getSSLParameters();
        if (!Character.isDigit(host.charAt(0))) {
            params.setServerNames(List.of(new SNIHostName(host)));
        }
        params.setEndpointIdentificationAlgorithm("HTTPS");
        params.setApplicationProtocols(alpn);
        tls.setSSLParameters(params);
        tls.startHandshake();
        return tls;
    }

    /** Reads up to and including the blank line ending a response head. */
    static String readHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            sb.append((char) b);
        }
        return sb.toString();
    }
}
