package dev.portcullis.e2e.http2;

import dev.portcullis.e2e.support.ProxyFixture;
import dev.portcullis.e2e.support.TestPki;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

/** A daemon with an HTTPS listener on 127.0.0.1:0 whose certificate (for 127.0.0.1) comes from a test CA. */
final class H2Proxy implements AutoCloseable {
    final TestPki pki = new TestPki("H2 Test CA");
    final ProxyFixture fixture;
    final Path caPem;

    H2Proxy(Path dir, String upstreamYaml) throws Exception {
        TestPki.Leaf leaf = pki.leaf("127.0.0.1");
        Path cert = dir.resolve("proxy.pem");
        Path key = dir.resolve("proxy.key");
        Files.writeString(cert, pem("CERTIFICATE", leaf.cert().getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(key, pem("PRIVATE KEY", leaf.key().getEncoded()), StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        caPem = pki.writeCaPem(dir);
        fixture = ProxyFixture.start("""
                proxy:
                  listen: ["127.0.0.1:0"]
                  tls_listen: "127.0.0.1:0"
                  tls_cert: "%s"
                  tls_key: "%s"
                %s
                """.formatted(cert, key, upstreamYaml));
    }

    InetSocketAddress tlsAddress() {
        return fixture.daemon.tlsProxyAddress().orElseThrow();
    }

    H2Client client() throws Exception {
        return new H2Client(tlsAddress(), pki.caCert());
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Override
    public void close() throws IOException {
        fixture.close();
    }
}
