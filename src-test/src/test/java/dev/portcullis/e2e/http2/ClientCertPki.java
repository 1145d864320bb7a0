package dev.portcullis.e2e.http2;

import dev.portcullis.e2e.support.TestPki;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.ThreadLocalRandom;

/** A throw-away CA for client certificates (mTLS to the proxy), and client leaves with a CN and an e-mail SAN. */
public final class ClientCertPki {
    private final KeyPair caKeys;
    private final X509Certificate caCert;

    public ClientCertPki(String name) throws Exception {
        caKeys = keys();
        X500Name subject = new X500Name("CN=" + name);
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject, serial(), notBefore(), notAfter(),
                subject, caKeys.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        caCert = sign(b);
    }

    public X509Certificate caCert() {
        return caCert;
    }

    /** A client certificate for {@code cn}, with an rfc822Name SAN when {@code email} is not null. */
    public TestPki.Leaf client(String cn, String email) throws Exception {
        KeyPair k = keys();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caCert, serial(), notBefore(), notAfter(),
                new X500Name("CN=" + cn + ", O=Acme"), k.getPublic());
        if (email != null) {
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.rfc822Name, email)));
        }
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        return new TestPki.Leaf(k.getPrivate(), sign(b), caCert);
    }

    public Path writeCaPem(Path dir) throws Exception {
        return Files.writeString(dir.resolve("client-ca.pem"), H2Proxy.pem("CERTIFICATE", caCert.getEncoded()),
                StandardCharsets.US_ASCII);
    }

    /** Writes {@code name}.pem (certificate) and {@code name}.key (PKCS#8 key, mode 0600) for curl; returns the pem. */
    public static Path writeLeaf(Path dir, String name, TestPki.Leaf leaf) throws Exception {
        Path key = dir.resolve(name + ".key");
        Files.writeString(key, H2Proxy.pem("PRIVATE KEY", leaf.key().getEncoded()), StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        return Files.writeString(dir.resolve(name + ".pem"), H2Proxy.pem("CERTIFICATE", leaf.cert().getEncoded()),
                StandardCharsets.US_ASCII);
    }

    private X509Certificate sign(X509v3CertificateBuilder b) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
    }

    private static KeyPair keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, ThreadLocalRandom.current()).add(BigInteger.ONE);
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofHours(1)));
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(Duration.ofDays(7)));
    }
}
