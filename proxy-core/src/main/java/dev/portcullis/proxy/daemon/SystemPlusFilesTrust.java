package dev.portcullis.proxy.daemon;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A JDK {@link SSLContext} trusting the system store plus the PEM bundles of {@code upstream.ca_files}, for the
 * daemon's own HTTPS fetches (the policy URL). Hostnames are still verified by the HTTP client.
 */
final class SystemPlusFilesTrust {
    private SystemPlusFilesTrust() {
    }

    static SSLContext context(List<Path> caFiles) {
        try {
            KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            anchors.load(null, null);
            int n = 0;
            for (X509Certificate c : systemAnchors()) {
                anchors.setCertificateEntry("system-" + n++, c);
            }
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Path file : caFiles) {
                try (InputStream in = Files.newInputStream(file)) {
                    java.util.Collection<? extends Certificate> certs;
                    try {
                        certs = cf.generateCertificates(in);
                    } catch (java.security.cert.CertificateException e) {
                        throw new IllegalArgumentException("upstream CA file " + file + " is not a PEM certificate "
                                + "bundle: " + e.getMessage(), e);
                    }
                    if (certs.isEmpty()) {
                        throw new IllegalArgumentException("upstream CA file " + file + " holds no certificate");
                    }
                    for (Certificate c : certs) {
                        anchors.setCertificateEntry("file-" + n++, c);
                    }
                }
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(anchors);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read an upstream CA file: " + e, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot build the trust store for the policy URL: " + e.getMessage(), e);
        }
    }

    private static X509Certificate[] systemAnchors() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x.getAcceptedIssuers();
            }
        }
        return new X509Certificate[0];
    }
}
