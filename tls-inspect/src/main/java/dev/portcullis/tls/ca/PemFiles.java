package dev.portcullis.tls.ca;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.interfaces.RSAKey;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads certificates and private keys from PEM files, and writes new secret files with owner-only permissions.
 *
 * <p>Errors about a key file never include the text of the underlying parser exception: a parser may quote the input
 * it choked on, and that input is the key.
 */
public final class PemFiles {

    private static final Logger LOG = LoggerFactory.getLogger(PemFiles.class);

    /** Certificate and key files are small; anything larger is a wrong path, not a PEM file. */
    static final long MAX_PEM_BYTES = 1L << 20;

    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private static final SecureRandom RANDOM = new SecureRandom();

    private PemFiles() {
    }

    /** All certificates in {@code file}, in file order; refuses a file holding anything but certificates. */
    public static List<X509Certificate> readCertificates(Path file) throws KeyMaterialException {
        String text = readSmallFile(file, "certificate");
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            Object object;
            while ((object = parser.readObject()) != null) {
                if (!(object instanceof X509CertificateHolder holder)) {
                    throw new KeyMaterialException(file + ": expected only PEM certificates but found "
                            + describe(object) + "; keep certificates and keys in separate files");
                }
                certificates.add(converter.getCertificate(holder));
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new KeyMaterialException(file + ": not a valid PEM certificate file (" + e.getMessage() + ")", e);
        }
        if (certificates.isEmpty()) {
            throw new KeyMaterialException(file + ": no PEM certificate found (expected a '-----BEGIN CERTIFICATE-----' block)");
        }
        return List.copyOf(certificates);
    }

    /**
     * The single private key in {@code file}, after checking that the file is not accessible by group or others.
     * Reads PKCS#8 ("PRIVATE KEY") and the traditional "EC PRIVATE KEY" / "RSA PRIVATE KEY" forms.
     */
    public static PrivateKey readPrivateKey(Path file) throws KeyMaterialException {
        requireOwnerOnly(file);
        String text = readSmallFile(file, "private key");
        PrivateKey key = null;
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            Object object;
            while ((object = readKeyObject(parser, file)) != null) {
                if (object instanceof ASN1ObjectIdentifier) {
                    continue; // the "EC PARAMETERS" block that `openssl ecparam -genkey` writes before the key
                }
                PrivateKey found = toPrivateKey(object, file);
                if (key != null) {
                    throw new KeyMaterialException(file + ": contains more than one private key; keep exactly one");
                }
                key = found;
            }
        } catch (IOException e) {
            throw new KeyMaterialException(file + ": cannot read the private key file");
        }
        if (key == null) {
            throw new KeyMaterialException(file + ": no PEM private key found (expected a '-----BEGIN PRIVATE KEY-----',"
                    + " '-----BEGIN EC PRIVATE KEY-----' or '-----BEGIN RSA PRIVATE KEY-----' block)");
        }
        if (key instanceof RSAKey rsa && rsa.getModulus().bitLength() < 2048) {
            throw new KeyMaterialException(file + ": RSA key of " + rsa.getModulus().bitLength()
                    + " bits is too weak; use at least 2048 bits or an EC P-256 key");
        }
        return key;
    }

    /** Refuses a key file whose POSIX permissions give group or others any access. */
    public static void requireOwnerOnly(Path file) throws KeyMaterialException {
        requireRegularFile(file, "private key");
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            LOG.warn("{}: file system has no POSIX permissions; cannot check that the key is private to its owner", file);
            return;
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = view.readAttributes().permissions();
        } catch (IOException e) {
            throw new KeyMaterialException(file + ": cannot read file permissions (" + e.getMessage() + ")", e);
        }
        Set<PosixFilePermission> loose = EnumSet.noneOf(PosixFilePermission.class);
        loose.addAll(permissions);
        loose.retainAll(GROUP_OR_OTHERS);
        if (!loose.isEmpty()) {
            throw new KeyMaterialException(file + ": private key file is accessible by group or others (mode "
                    + PosixFilePermissions.toString(permissions) + "); restrict it with: chmod 600 " + file);
        }
    }

    /** Proves that {@code key} is the private half of {@code certificate}'s public key by signing and verifying. */
    public static void requireMatchingKey(PrivateKey key, X509Certificate certificate, Path keyFile, Path certFile)
            throws KeyMaterialException {
        String mismatch = keyFile + ": private key does not match the certificate in " + certFile;
        PublicKey publicKey = certificate.getPublicKey();
        if (!algorithmFamily(key.getAlgorithm()).equals(algorithmFamily(publicKey.getAlgorithm()))) {
            throw new KeyMaterialException(mismatch + " (key is " + algorithmFamily(key.getAlgorithm())
                    + ", certificate is " + algorithmFamily(publicKey.getAlgorithm()) + ")");
        }
        byte[] challenge = new byte[32];
        RANDOM.nextBytes(challenge);
        String algorithm = signatureAlgorithm(key);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            if (!verifier.verify(signature)) {
                throw new KeyMaterialException(mismatch);
            }
        } catch (GeneralSecurityException e) {
            // Keys on different curves make the provider throw instead of returning false.
            throw new KeyMaterialException(mismatch + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** SHA-256 with the key's own algorithm: the signature algorithm used for everything this module signs. */
    public static String signatureAlgorithm(PrivateKey key) {
        return switch (algorithmFamily(key.getAlgorithm())) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> throw new IllegalArgumentException("unsupported key algorithm " + key.getAlgorithm()
                    + "; use an EC or RSA key");
        };
    }

    /** PEM text of a certificate, or of a private key as PKCS#8 "PRIVATE KEY". */
    static String toPem(Object object) {
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(object instanceof PrivateKey key
                    ? new JcaPKCS8Generator(key, null)
                    : new JcaMiscPEMGenerator(object));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + object.getClass().getSimpleName() + " as PEM", e);
        }
        return out.toString();
    }

    /**
     * Creates {@code file} with {@code content}, refusing to overwrite. With {@code secret}, the file is created with
     * mode 0600 in the same system call that creates it, so it is never readable by others, not even briefly.
     */
    static void writeNewFile(Path file, String content, boolean secret) throws IOException {
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        boolean posix = Files.getFileAttributeView(file.toAbsolutePath().getParent(),
                PosixFileAttributeView.class) != null;
        FileAttribute<?>[] attributes = secret && posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(EnumSet.of(
                        PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE))}
                : new FileAttribute<?>[0];
        if (secret && !posix) {
            LOG.warn("{}: file system has no POSIX permissions; restrict access to the key file by other means", file);
        }
        try (SeekableByteChannel channel = Files.newByteChannel(file, options, attributes);
                OutputStream out = Channels.newOutputStream(channel)) {
            out.write(content.getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static Object readKeyObject(PEMParser parser, Path file) throws KeyMaterialException {
        try {
            return parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw new KeyMaterialException(file + ": not a valid PEM private key file (malformed or corrupted PEM, "
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** A key from the JDK's own providers (not BouncyCastle's), which BoringSSL and the JDK signers both take. */
    private static PrivateKey jdkPrivateKey(PrivateKeyInfo info) throws IOException, GeneralSecurityException {
        ASN1ObjectIdentifier algorithm = info.getPrivateKeyAlgorithm().getAlgorithm();
        String name;
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(algorithm)) {
            name = "EC";
            if (info.getPrivateKeyAlgorithm().getParameters() == null) {
                // A traditional "EC PRIVATE KEY" carries its curve inside the key; the JDK wants it in the header.
                ECPrivateKey ec = ECPrivateKey.getInstance(info.parsePrivateKey());
                info = new PrivateKeyInfo(new AlgorithmIdentifier(algorithm, ec.getParametersObject()), ec);
            }
        } else if (PKCSObjectIdentifiers.rsaEncryption.equals(algorithm)) {
            name = "RSA";
        } else {
            throw new NoSuchAlgorithmException("key algorithm " + algorithm + " is not EC or RSA");
        }
        return KeyFactory.getInstance(name).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
    }

    private static PrivateKey toPrivateKey(Object object, Path file)
            throws KeyMaterialException {
        try {
            if (object instanceof PEMKeyPair pair) {
                return jdkPrivateKey(pair.getPrivateKeyInfo());
            }
            if (object instanceof PrivateKeyInfo info) {
                return jdkPrivateKey(info);
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new KeyMaterialException(file + ": cannot decode the private key (unsupported algorithm or corrupted"
                    + " key, " + e.getClass().getSimpleName() + ")");
        }
        if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
            throw new KeyMaterialException(file + ": private key is encrypted with a passphrase; Portcullis needs an"
                    + " unencrypted key protected by file permissions (chmod 600)");
        }
        throw new KeyMaterialException(file + ": expected a PEM private key but found " + describe(object));
    }

    private static String readSmallFile(Path file, String what) throws KeyMaterialException {
        requireRegularFile(file, what);
        try {
            long size = Files.size(file);
            if (size > MAX_PEM_BYTES) {
                throw new KeyMaterialException(file + ": " + size + " bytes is too large for a PEM " + what
                        + " file (limit " + MAX_PEM_BYTES + " bytes)");
            }
            byte[] bytes = Files.readAllBytes(file);
            return new String(bytes, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new KeyMaterialException(file + ": cannot read the " + what + " file (" + e.getClass().getSimpleName()
                    + ")", e);
        }
    }

    private static void requireRegularFile(Path file, String what) throws KeyMaterialException {
        if (!Files.exists(file)) {
            throw new KeyMaterialException(file + ": " + what + " file does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new KeyMaterialException(file + ": " + what + " path is not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new KeyMaterialException(file + ": " + what + " file is not readable by this process");
        }
    }

    private static String algorithmFamily(String algorithm) {
        return "ECDSA".equals(algorithm) ? "EC" : algorithm;
    }

    private static String describe(Object pemObject) {
        if (pemObject instanceof PEMKeyPair || pemObject instanceof PrivateKeyInfo
                || pemObject instanceof PEMEncryptedKeyPair || pemObject instanceof PKCS8EncryptedPrivateKeyInfo) {
            return "a private key";
        }
        if (pemObject instanceof X509CertificateHolder) {
            return "a certificate";
        }
        return "a " + pemObject.getClass().getSimpleName();
    }
}
