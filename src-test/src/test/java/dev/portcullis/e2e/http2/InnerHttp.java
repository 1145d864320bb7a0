package dev.portcullis.e2e.http2;

import dev.portcullis.e2e.support.Await;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** HTTP/1.1 over TLS inside one inspected HTTP/2 CONNECT stream: what a browser tab does through an HTTPS proxy. */
final class InnerHttp {
    final H2Client.Stream stream;
    final SslHandler tls;
    private int consumed;

    private InnerHttp(H2Client.Stream stream, SslHandler tls) {
        this.stream = stream;
        this.tls = tls;
    }

    /** Opens a CONNECT stream with {@code headers}, expects 200, and completes a TLS handshake trusting {@code ca}. */
    static InnerHttp open(H2Client client, Http2Headers headers, X509Certificate ca, String sni, int port)
            throws Exception {
        H2Client.Stream s = client.open(headers, true);
        assertEquals("200", s.response.get(10, TimeUnit.SECONDS).status().toString());
        SslContext trust = SslContextBuilder.forClient().trustManager(ca).build();
        SslHandler tls = s.startTls(trust, sni, port);
        tls.handshakeFuture().get(10, TimeUnit.SECONDS);
        return new InnerHttp(s, tls);
    }

    /** The issuer of the certificate the client was shown inside the tunnel. */
    String peerIssuer() throws Exception {
        return ((X509Certificate) tls.engine().getSession().getPeerCertificates()[0]).getIssuerX500Principal()
                .getName();
    }

    /** Sends a GET and returns the whole response (status line, headers, body) once Content-Length is read. */
    String get(String host, String path) {
        stream.channel.writeAndFlush(Unpooled.copiedBuffer("GET " + path + " HTTP/1.1\r\nHost: " + host
                + "\r\n\r\n", StandardCharsets.US_ASCII));
        String[] out = new String[1];
        Await.until("response to GET " + path, Duration.ofSeconds(10), () -> {
            String all = stream.bytes().substring(consumed);
            int end = all.indexOf("\r\n\r\n");
            if (end < 0) {
                return false;
            }
            int length = contentLength(all.substring(0, end));
            if (all.length() < end + 4 + length) {
                return false;
            }
            out[0] = all.substring(0, end + 4 + length);
            return true;
        });
        consumed += out[0].length();
        return out[0];
    }

    static int status(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).strip());
            }
        }
        return 0;
    }
}
