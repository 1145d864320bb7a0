package dev.portcullis.tls.ca;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The provider that generates keys and signs certificates. Bouncy Castle, not the JDK's SunEC: on JDK 17 SunEC's
 * constant-time P-256 took 550-740 µs per key pair and ~550 µs per signature here, Bouncy Castle 140 µs and 150 µs
 * (warm, this machine), and a mint is one of each. The provider is private to Portcullis, never registered with
 * {@link java.security.Security}, so it changes nothing for other code in the JVM (the TLS stacks included).
 */
public final class EcCrypto {

    public static final Provider PROVIDER = new BouncyCastleProvider();

    private EcCrypto() {
    }

    /**
     * The same key as one of {@link #PROVIDER}'s own. A JDK key would be converted on every signature, and with it
     * Bouncy Castle's precomputed multiples of the curve's generator, which made each signature ~4x slower.
     */
    public static PrivateKey adopt(PrivateKey key) {
        try {
            return KeyFactory.getInstance(key.getAlgorithm(), PROVIDER)
                    .generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load a " + key.getAlgorithm() + " key into Bouncy Castle", e);
        }
    }

    /** A P-256 key pair generator; not thread-safe, so one per thread. */
    public static KeyPairGenerator p256Generator(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", PROVIDER);
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 key generation is unavailable", e);
        }
    }
}
