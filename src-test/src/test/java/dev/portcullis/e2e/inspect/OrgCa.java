package dev.portcullis.e2e.inspect;

import dev.portcullis.tls.ca.CaGenerator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** An organisation CA made by the production {@link CaGenerator}, and a client context that trusts only it. */
record OrgCa(Path cert, Path key, X509Certificate certificate) {

    static OrgCa create(Path dir) throws IOException, GeneralSecurityException {
        CaGenerator.CaFiles files = CaGenerator.generate(dir, "Inspect Test Org CA", 30);
        X509Certificate cert;
        try (InputStream in = Files.newInputStream(files.certificate())) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        return new OrgCa(files.certificate(), files.key(), cert);
    }

    SSLContext clientContext() throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("org", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** YAML for a daemon that inspects with this CA and trusts {@code originCa} upstream. */
    String yaml(Path originCa, String... doNotInspect) {
        StringBuilder hosts = new StringBuilder("[");
        for (int i = 0; i < doNotInspect.length; i++) {
            hosts.append(i == 0 ? "" : ", ").append('"').append(doNotInspect[i]).append('"');
        }
        hosts.append(']');
        return """
                upstream:
                  allow_destinations: ["127.0.0.1/32"]
                  ca_files: ["%s"]
                inspection:
                  ca_cert: "%s"
                  ca_key: "%s"
                  do_not_inspect_hosts: %s
                """.formatted(originCa, cert, key, hosts);
    }
}
