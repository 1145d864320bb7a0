package dev.portcullis.tls.ca;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/** Creates a new organisation CA on disk ({@code portcullis ca init}) and explains how to install it on clients. */
public final class CaGenerator {

    public static final String DEFAULT_NAME = "Portcullis Gateway CA";
    public static final int DEFAULT_DAYS = 3650;
    public static final String CERT_FILE = "ca.pem";
    public static final String KEY_FILE = "ca.key";

    private static final int MAX_DAYS = 36_500;
    private static final int MAX_NAME_LENGTH = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    private CaGenerator() {
    }

    /** Where {@link #generate} wrote the CA. */
    public record CaFiles(Path certificate, Path key) {
    }

    /** {@link #generate(Path, String, int)} with the default name and lifetime. */
    public static CaFiles generate(Path outDir) throws IOException {
        return generate(outDir, DEFAULT_NAME, DEFAULT_DAYS);
    }

    /**
     * Writes a new ECDSA P-256 root CA to {@code outDir/ca.pem} and {@code outDir/ca.key} (PKCS#8, mode 0600 from
     * creation). Refuses to overwrite either file: replacing a CA silently would break every client that trusts it.
     */
    public static CaFiles generate(Path outDir, String name, int days) throws IOException {
        return generate(outDir, name, days, Clock.systemUTC());
    }

    static CaFiles generate(Path outDir, String name, int days, Clock clock) throws IOException {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("CA name must not be blank");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("CA name is " + name.length() + " characters; X.509 allows at most "
                    + MAX_NAME_LENGTH + " in a common name");
        }
        if (days < 1 || days > MAX_DAYS) {
            throw new IllegalArgumentException("CA lifetime must be between 1 and " + MAX_DAYS + " days, got " + days);
        }
        Files.createDirectories(outDir);
        Path certFile = outDir.resolve(CERT_FILE);
        Path keyFile = outDir.resolve(KEY_FILE);
        for (Path existing : new Path[] {certFile, keyFile}) {
            if (Files.exists(existing)) {
                throw new FileAlreadyExistsException(existing.toString(), null,
                        "refusing to overwrite an existing CA file; move it away first");
            }
        }
        KeyPair keyPair = newP256KeyPair();
        X509Certificate certificate = selfSign(keyPair, name, days, clock.instant());
        PemFiles.writeNewFile(keyFile, PemFiles.toPem(keyPair.getPrivate()), true);
        try {
            PemFiles.writeNewFile(certFile, PemFiles.toPem(certificate), false);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(keyFile); // a key without its certificate is useless and only a liability
            throw e;
        }
        return new CaFiles(certFile, keyFile);
    }

    /** How to make clients trust the CA at {@code caPem}, for the common operating systems and browsers. */
    public static String installInstructions(Path caPem) {
        String path = caPem.toAbsolutePath().toString();
        String nick = "Portcullis Gateway CA";
        return String.join("\n",
                "Install the Portcullis CA certificate " + path + " on every client that uses the gateway:",
                "",
                "Debian / Ubuntu:",
                "  sudo cp " + path + " /usr/local/share/ca-certificates/portcullis-ca.crt",
                "  sudo update-ca-certificates",
                "",
                "macOS:",
                "  sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain " + path,
                "",
                "Windows (administrator prompt):",
                "  certutil -addstore Root " + path,
                "",
                "Firefox (own trust store):",
                "  policies.json: {\"policies\": {\"Certificates\": {\"Install\": [\"" + path + "\"]}}}",
                "  or per profile: certutil -A -n \"" + nick + "\" -t \"C,,\" -i " + path + " -d sql:<profile dir>",
                "",
                "Chromium / Chrome on Linux (NSS database):",
                "  certutil -d sql:$HOME/.pki/nssdb -A -t \"C,,\" -n \"" + nick + "\" -i " + path,
                "",
                "Keep " + KEY_FILE + " private (mode 0600): anyone holding it can impersonate any web site to these clients.",
                "");
    }

    private static KeyPair newP256KeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 key generation is unavailable in this JVM", e);
        }
    }

    /** 128 random bits, never zero (RFC 5280 wants a positive serial). */
    private static BigInteger randomSerial() {
        BigInteger serial;
        do {
            serial = new BigInteger(128, RANDOM);
        } while (serial.signum() == 0);
        return serial;
    }

    private static X509Certificate selfSign(KeyPair keyPair, String name, int days, Instant now) {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name).build();
        // Backdated an hour so clients with a slightly slow clock accept the CA right away.
        Instant notBefore = now.minus(Duration.ofHours(1));
        Instant notAfter = now.plus(Duration.ofDays(days));
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, randomSerial(),
                Date.from(notBefore), Date.from(notAfter), subject, keyPair.getPublic());
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(keyPair.getPublic()));
            return new JcaX509CertificateConverter().getCertificate(
                    CertificateAuthority.signWith(keyPair.getPrivate(), builder));
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the CA certificate", e);
        }
    }
}
