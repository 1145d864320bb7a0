package dev.portcullis.tls.ca;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The organisation's CA: its certificate (plus any issuers listed after it in the PEM file) and its private key.
 *
 * <p>The key is never returned: {@link #sign} is the only thing that uses it, and {@link #toString} names only the
 * subject, key algorithm and expiry. Instances are immutable and thread-safe.
 */
public final class CertificateAuthority {

    private static final int KEY_CERT_SIGN = 5;

    private final List<X509Certificate> chain;
    private final PrivateKey key;
    private final byte[] subjectKeyIdentifier;

    private CertificateAuthority(List<X509Certificate> chain, PrivateKey key) {
        this.chain = List.copyOf(chain);
        this.key = EcCrypto.adopt(key);
        this.subjectKeyIdentifier = subjectKeyIdentifierOf(chain.get(0));
    }

    /** Loads and checks the CA at the system clock's current time. */
    public static CertificateAuthority load(Path certPem, Path keyPem) throws CaLoadException {
        return load(certPem, keyPem, Clock.systemUTC());
    }

    /**
     * Loads the CA certificate (the first certificate in {@code certPem}; any further ones are its issuers, served in
     * the chain) and its key, refusing: an unreadable or non-PEM file, a key file accessible by group or others, a
     * certificate that is not a CA or may not sign certificates, one outside its validity at {@code clock}'s time,
     * and a key that does not match the certificate.
     */
    public static CertificateAuthority load(Path certPem, Path keyPem, Clock clock) throws CaLoadException {
        List<X509Certificate> chain;
        PrivateKey key;
        try {
            chain = PemFiles.readCertificates(certPem);
            key = PemFiles.readPrivateKey(keyPem);
        } catch (KeyMaterialException e) {
            throw new CaLoadException(e.getMessage(), e.getCause());
        }
        X509Certificate certificate = chain.get(0);
        if (certificate.getBasicConstraints() < 0) {
            throw new CaLoadException(certPem + ": certificate '" + subjectOf(certificate)
                    + "' is not a CA (basicConstraints CA:true is missing)");
        }
        boolean[] keyUsage = certificate.getKeyUsage();
        if (keyUsage != null && (keyUsage.length <= KEY_CERT_SIGN || !keyUsage[KEY_CERT_SIGN])) {
            throw new CaLoadException(certPem + ": CA certificate '" + subjectOf(certificate)
                    + "' lacks the keyCertSign key usage, so clients would reject certificates it signs");
        }
        Instant now = clock.instant();
        if (now.isAfter(certificate.getNotAfter().toInstant())) {
            throw new CaLoadException(certPem + ": CA certificate '" + subjectOf(certificate) + "' expired on "
                    + certificate.getNotAfter().toInstant() + "; create a new one with 'portcullis ca init'");
        }
        if (now.isBefore(certificate.getNotBefore().toInstant())) {
            throw new CaLoadException(certPem + ": CA certificate '" + subjectOf(certificate)
                    + "' is not valid until " + certificate.getNotBefore().toInstant() + " (check the system clock)");
        }
        try {
            PemFiles.requireMatchingKey(key, certificate, keyPem, certPem);
        } catch (KeyMaterialException e) {
            throw new CaLoadException(e.getMessage());
        }
        return new CertificateAuthority(chain, key);
    }

    /** The CA certificate itself. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** The CA certificate followed by its issuers, if the PEM file listed any: what follows a leaf in a chain. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** The CA's subject key identifier, to be copied into the authority key identifier of certificates it signs. */
    public byte[] subjectKeyIdentifier() {
        return subjectKeyIdentifier.clone();
    }

    /** Signs a certificate with the CA key (SHA-256 with ECDSA or RSA, matching the key). Thread-safe. */
    public X509CertificateHolder sign(X509v3CertificateBuilder builder) {
        return signWith(key, builder);
    }

    static X509CertificateHolder signWith(PrivateKey key, X509v3CertificateBuilder builder) {
        String algorithm = PemFiles.signatureAlgorithm(key);
        ContentSigner signer;
        try {
            signer = new JcaContentSignerBuilder(algorithm).setProvider(EcCrypto.PROVIDER).build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot create a " + algorithm + " signer for the CA key", e);
        }
        return builder.build(signer);
    }

    @Override
    public String toString() {
        return "CertificateAuthority[subject=" + subjectOf(certificate()) + ", key=" + key.getAlgorithm()
                + ", notAfter=" + certificate().getNotAfter().toInstant() + "]";
    }

    private static String subjectOf(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }

    private static byte[] subjectKeyIdentifierOf(X509Certificate certificate) {
        byte[] extension = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (extension != null) {
            byte[] inner = ASN1OctetString.getInstance(extension).getOctets();
            return SubjectKeyIdentifier.getInstance(inner).getKeyIdentifier();
        }
        try {
            // RFC 5280 method 1, the same value CaGenerator writes, for CAs made elsewhere without an SKI.
            return new JcaX509ExtensionUtils().createSubjectKeyIdentifier(certificate.getPublicKey())
                    .getKeyIdentifier();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is unavailable for the key identifier", e);
        }
    }
}
