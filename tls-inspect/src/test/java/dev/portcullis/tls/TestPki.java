package dev.portcullis.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
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
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** Test certificates and key files with exactly the defect a test needs. */
public final class TestPki {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestPki() {
    }

    /** A certificate and its key pair. */
    public record Issued(X509Certificate certificate, KeyPair keyPair) {
        public PrivateKey key() {
            return keyPair.getPrivate();
        }
    }

    public static KeyPair ec() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static CertBuilder cert(String commonName) {
        return new CertBuilder(commonName);
    }

    /** A fluent description of one test certificate; defaults to a valid EC end-entity, self-signed. */
    public static final class CertBuilder {
        private final String commonName;
        private KeyPair keyPair;
        private Issued issuer;
        private Instant notBefore = Instant.now().minus(Duration.ofDays(1));
        private Instant notAfter = Instant.now().plus(Duration.ofDays(30));
        private boolean ca;
        private boolean keyCertSign = true;
        private final List<String> dns = new ArrayList<>();
        private final List<String> ips = new ArrayList<>();

        private CertBuilder(String commonName) {
            this.commonName = commonName;
        }

        public CertBuilder keyPair(KeyPair keys) {
            this.keyPair = keys;
            return this;
        }

        public CertBuilder issuer(Issued issuer) {
            this.issuer = issuer;
            return this;
        }

        public CertBuilder validity(Instant from, Instant to) {
            this.notBefore = from;
            this.notAfter = to;
            return this;
        }

        public CertBuilder ca(boolean keyCertSign) {
            this.ca = true;
            this.keyCertSign = keyCertSign;
            return this;
        }

        public CertBuilder dns(String... names) {
            dns.addAll(List.of(names));
            return this;
        }

        public CertBuilder ip(String... addresses) {
            ips.addAll(List.of(addresses));
            return this;
        }

        public Issued build() {
            KeyPair keys = keyPair != null ? keyPair : ec();
            X500Name subject = new X500Name("CN=" + commonName);
            X500Name issuerName = issuer == null ? subject
                    : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
            PrivateKey signingKey = issuer == null ? keys.getPrivate() : issuer.key();
            try {
                X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
                        new BigInteger(64, RANDOM).add(BigInteger.ONE), Date.from(notBefore), Date.from(notAfter),
                        subject, keys.getPublic());
                JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
                builder.addExtension(Extension.subjectKeyIdentifier, false,
                        utils.createSubjectKeyIdentifier(keys.getPublic()));
                if (issuer != null) {
                    builder.addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(issuer.certificate()));
                }
                if (ca) {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
                    int usage = KeyUsage.cRLSign | (keyCertSign ? KeyUsage.keyCertSign : 0);
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
                } else {
                    builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature
                            | KeyUsage.keyEncipherment));
                    builder.addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                }
                List<GeneralName> names = new ArrayList<>();
                dns.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
                ips.forEach(n -> names.add(new GeneralName(GeneralName.iPAddress, n)));
                if (!names.isEmpty()) {
                    builder.addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(names.toArray(new GeneralName[0])));
                }
                String algorithm = signingKey.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
                X509Certificate certificate = new JcaX509CertificateConverter()
                        .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(signingKey)));
                return new Issued(certificate, keys);
            } catch (Exception e) {
                throw new IllegalStateException("cannot build test certificate " + commonName, e);
            }
        }
    }

    /** PEM text: certificates as CERTIFICATE, RSA key pairs as a traditional "RSA PRIVATE KEY". */
    public static String pem(Object... objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    /** A traditional "EC PRIVATE KEY" (RFC 5915) naming the P-256 curve, as `openssl ecparam -genkey` writes it. */
    public static String traditionalEc(PrivateKey key) {
        java.security.interfaces.ECPrivateKey ec = (java.security.interfaces.ECPrivateKey) key;
        try {
            byte[] der = new org.bouncycastle.asn1.sec.ECPrivateKey(256, ec.getS(), SECObjectIdentifiers.secp256r1)
                    .getEncoded();
            StringWriter out = new StringWriter();
            try (PemWriter writer = new PemWriter(out)) {
                writer.writeObject(new PemObject("EC PRIVATE KEY", der));
            }
            return out.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PKCS#8 "PRIVATE KEY" PEM text. */
    public static String pkcs8(PrivateKey key) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(new JcaPKCS8Generator(key, null));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }

    /** Writes {@code text} to {@code file} with POSIX {@code mode} such as "rw-------". */
    public static Path write(Path file, String text, String mode) throws IOException {
        Files.writeString(file, text, StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    public static Path writeCert(Path file, X509Certificate... certificates) throws IOException {
        return write(file, pem((Object[]) certificates), "rw-r--r--");
    }

    public static Path writeKey(Path file, PrivateKey key) throws IOException {
        return write(file, pkcs8(key), "rw-------");
    }
}
