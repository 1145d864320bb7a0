package dev.portcullis.tls.mint;

import dev.portcullis.tls.ca.CertificateAuthority;
import dev.portcullis.tls.ca.EcCrypto;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * Mints a leaf certificate for a {@link LeafSpec}, signed by the organisation CA. Thread-safe; CPU-bound (about a
 * millisecond), so call it from a mint executor, never from an event loop ({@link LeafCache} does that).
 *
 * <p>Every leaf gets a fresh ECDSA P-256 key pair. A P-256 key costs about 0.15 ms ({@link EcCrypto}), so pooling
 * keys would save little, while a fresh key keeps leaves independent: a key leaked from one connection's TLS stack
 * impersonates one host for at most a few days. The CA key is never used as a leaf key: leaf keys live in BoringSSL
 * for every handshake, and the CA key would let whoever obtains it mint certificates for any host.
 */
public final class LeafMinter {

    /** X.509's upper bound for a common name; longer host names get only their SAN (RFC 5280 allows an empty subject). */
    private static final int MAX_COMMON_NAME = 64;

    private final CertificateAuthority ca;
    private final SecureRandom random = new SecureRandom();
    private final ThreadLocal<KeyPairGenerator> keyPairGenerators = ThreadLocal.withInitial(this::newGenerator);

    public LeafMinter(CertificateAuthority ca) {
        if (ca == null) {
            throw new IllegalArgumentException("certificate authority must not be null");
        }
        this.ca = ca;
    }

    public CertificateAuthority authority() {
        return ca;
    }

    /** Mints a leaf for {@code spec}; its validity is further clipped to the CA's own validity. */
    public MintedLeaf mint(LeafSpec spec) {
        X509Certificate caCert = ca.certificate();
        Instant notAfter = earliest(spec.notAfter(), caCert.getNotAfter().toInstant());
        Instant notBefore = latest(spec.notBefore(), caCert.getNotBefore().toInstant());
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("leaf for " + spec.host() + " (valid " + spec.notBefore() + " to "
                    + spec.notAfter() + ") falls outside the CA's validity (" + caCert.getNotBefore().toInstant()
                    + " to " + caCert.getNotAfter().toInstant() + ")");
        }
        boolean withCommonName = spec.host().length() <= MAX_COMMON_NAME;
        X500Name subject = withCommonName
                ? new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, spec.host()).build()
                : new X500Name(new org.bouncycastle.asn1.x500.RDN[0]);
        KeyPair keyPair = keyPairGenerators.get().generateKeyPair();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCert, randomSerial(),
                Date.from(notBefore), Date.from(notAfter), subject, keyPair.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            // With an empty subject the SAN carries the identity and RFC 5280 requires it to be critical.
            builder.addExtension(Extension.subjectAlternativeName, !withCommonName, subjectAltNames(spec));
            builder.addExtension(Extension.subjectKeyIdentifier, false, subjectKeyIdentifier(keyPair));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new AuthorityKeyIdentifier(ca.subjectKeyIdentifier()));
        } catch (CertIOException e) {
            throw new IllegalStateException("cannot encode extensions for a leaf for " + spec.host(), e);
        }
        X509Certificate leaf;
        try {
            leaf = new JcaX509CertificateConverter().getCertificate(ca.sign(builder));
        } catch (CertificateException e) {
            throw new IllegalStateException("cannot decode the leaf just minted for " + spec.host(), e);
        }
        List<X509Certificate> chain = new ArrayList<>(1 + ca.chain().size());
        chain.add(leaf);
        chain.addAll(ca.chain());
        return new MintedLeaf(spec, keyPair.getPrivate(), chain);
    }

    private static GeneralNames subjectAltNames(LeafSpec spec) {
        List<GeneralName> names = new ArrayList<>(spec.dnsNames().size() + spec.ipAddresses().size());
        for (String dns : spec.dnsNames()) {
            names.add(new GeneralName(GeneralName.dNSName, dns));
        }
        for (String ip : spec.ipAddresses()) {
            names.add(new GeneralName(GeneralName.iPAddress, ip));
        }
        return new GeneralNames(names.toArray(new GeneralName[0]));
    }

    private static SubjectKeyIdentifier subjectKeyIdentifier(KeyPair keyPair) {
        try {
            return new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keyPair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-1 is unavailable for the key identifier", e);
        }
    }

    private BigInteger randomSerial() {
        BigInteger serial;
        do {
            serial = new BigInteger(128, random);
        } while (serial.signum() == 0);
        return serial;
    }

    private KeyPairGenerator newGenerator() {
        return EcCrypto.p256Generator(random);
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
