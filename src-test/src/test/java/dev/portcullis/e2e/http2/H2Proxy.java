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
        this(dir, upstreamYaml, false);
    }

    /** @param realPolicy decide with the policy engine on the document the YAML names, not allow-all */
    H2Proxy(Path dir, String upstreamYaml, boolean realPolicy) throws Exception {
        TestPki.Leaf leaf = pki.leaf("127.0.0.1");
        Path cert = dir.resolve("proxy.pem");
        Path key = dir.resolve("proxy.key");
        Files.writeString(cert, pem("CERTIFICATE", leaf.cert().getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(key, pem("PRIVATE KEY", leaf.key().getEncoded()), StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        caPem = pki.writeCaPem(dir);
        String yaml = """
                proxy:
                  listen: ["127.0.0.1:0"]
                  tls_listen: "127.0.0.1:0"
                  tls_cert: "%s"
                  tls_key: "%s"
                %s
                """.formatted(cert, key, upstreamYaml);
        fixture = realPolicy ? ProxyFixture.startWithPolicy(yaml) : ProxyFixture.start(yaml);
    }

    InetSocketAddress tlsAddress() {
        return fixture.daemon.tlsProxyAddress().orElseThrow();
    }

    H2Client client() throws Exception {
        return new H2Client(tlsAddress(), pki.caCert());
    }

    /** A client presenting {@code clientCert} (its chain: leaf then issuer) at the TLS handshake. */
    H2Client client(TestPki.Leaf clientCert) throws Exception {
        return new H2Client(tlsAddress(), pki.caCert(), clientCert);
    }

    /** The value of counter {@code portcullis.http2.streams} with tag kind, 0 when never counted. */
    double h2Streams(String kind) {
        var c = fixture.daemon.metrics().registry().find("portcullis.http2.streams").tag("kind", kind).counter();
        return c == null ? 0 : c.count();
    }

    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Override
    public void close() throws IOException {
        fixture.close();
    }
}
