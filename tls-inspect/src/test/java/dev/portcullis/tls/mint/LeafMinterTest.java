package dev.portcullis.tls.mint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.tls.TestPki;
import dev.portcullis.tls.ca.CertificateAuthority;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LeafMinterTest {

    @TempDir
    static Path dir;

    static CertificateAuthority ca;
    static LeafMinter minter;

    @BeforeAll
    static void createCa() throws Exception {
        ca = TestPki.orgCa(dir);
        minter = new LeafMinter(ca);
    }

    @Test
    void leafChainsToTheOrgCaAndToNothingElse() throws Exception {
        MintedLeaf leaf = minter.mint(LeafSpec.forHost("www.example.com"));
        X509Certificate[] chain = leaf.chain().toArray(new X509Certificate[0]);
        assertEquals(2, chain.length);
        assertEquals(ca.certificate(), chain[1]);

        X509TrustManager trustsOnlyOrgCa = TestPki.trustOnly(ca.certificate());
        trustsOnlyOrgCa.checkServerTrusted(chain, "ECDHE_ECDSA");

        X509TrustManager trustsAnotherCa = TestPki.trustOnly(TestPki.cert("Other CA").ca(true).build().certificate());
        assertThrows(CertificateException.class, () -> trustsAnotherCa.checkServerTrusted(chain, "ECDHE_ECDSA"));
    }

    @Test
    void leafHasTheRequiredShape() throws Exception {
        MintedLeaf minted = minter.mint(LeafSpec.forHost("www.example.com"));
        X509Certificate leaf = minted.leaf();

        assertEquals("CN=www.example.com", leaf.getSubjectX500Principal().getName());
        assertEquals(ca.certificate().getSubjectX500Principal(), leaf.getIssuerX500Principal());
        assertEquals(256, ((ECPublicKey) leaf.getPublicKey()).getParams().getCurve().getField().getFieldSize());
        assertEquals("EC", minted.key().getAlgorithm());
        assertNotEquals(ca.certificate().getPublicKey(), leaf.getPublicKey(), "leaf must not reuse the CA key");
        assertEquals(-1, leaf.getBasicConstraints(), "not a CA");
        assertEquals(List.of("1.3.6.1.5.5.7.3.1"), leaf.getExtendedKeyUsage());
        boolean[] usage = leaf.getKeyUsage();
        assertTrue(usage[0], "digitalSignature");
        for (int i = 1; i < usage.length; i++) {
            assertFalse(usage[i], "only digitalSignature, but bit " + i + " is set");
        }
        assertEquals(List.of(List.of(2, "www.example.com")), new ArrayList<>(leaf.getSubjectAlternativeNames()));

        byte[] aki = AuthorityKeyIdentifier.getInstance(
                ASN1OctetString.getInstance(leaf.getExtensionValue("2.5.29.35")).getOctets()).getKeyIdentifierOctets();
        assertArrayEquals(ca.subjectKeyIdentifier(), aki);
        byte[] ski = SubjectKeyIdentifier.getInstance(
                ASN1OctetString.getInstance(leaf.getExtensionValue("2.5.29.14")).getOctets()).getKeyIdentifier();
        assertEquals(20, ski.length);
        assertFalse(minted.toString().contains(minted.key().toString()));
    }

    @Test
    void copiesUpstreamSansAndClipsValidity() throws Exception {
        Instant now = Instant.now();
        X509Certificate upstream = TestPki.cert("origin").dns("example.com", "*.example.com").ip("192.0.2.10")
                .validity(now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofHours(30))).build().certificate();
        MintedLeaf minted = minter.mint(LeafSpec.fromUpstream("shop.example.com", upstream, Clock.systemUTC()));
        X509Certificate leaf = minted.leaf();

        Set<List<?>> sans = new HashSet<>(leaf.getSubjectAlternativeNames());
        assertEquals(Set.of(List.of(2, "*.example.com"), List.of(2, "example.com"), List.of(2, "shop.example.com"),
                List.of(7, "192.0.2.10")), sans);
        assertEquals(upstream.getNotBefore(), leaf.getNotBefore());
        assertEquals(upstream.getNotAfter(), leaf.getNotAfter());
        TestPki.trustOnly(ca.certificate()).checkServerTrusted(minted.chain().toArray(new X509Certificate[0]),
                "ECDHE_ECDSA");
    }

    @Test
    void validityFollowsTheSpecClippedToTheCa() {
        LeafSpec spec = LeafSpec.forHost("a.example");
        X509Certificate leaf = minter.mint(spec).leaf();
        Instant caStart = ca.certificate().getNotBefore().toInstant();
        Instant expectedStart = spec.notBefore().isAfter(caStart) ? spec.notBefore() : caStart;
        assertEquals(expectedStart, leaf.getNotBefore().toInstant());
        assertEquals(spec.notAfter(), leaf.getNotAfter().toInstant());
        assertTrue(Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant())
                .compareTo(Duration.ofDays(3)) <= 0);
        assertTrue(leaf.getNotBefore().toInstant().isBefore(Instant.now().minus(Duration.ofMinutes(59))),
                "backdated for clock skew");
    }

    @Test
    void ipHostsGoIntoIpSans() throws Exception {
        X509Certificate leaf = minter.mint(LeafSpec.forHost("127.0.0.1")).leaf();
        assertEquals(List.of(List.of(7, "127.0.0.1")), new ArrayList<>(leaf.getSubjectAlternativeNames()));
    }

    @Test
    void longHostsGetNoCommonNameAndACriticalSan() throws Exception {
        String host = "a".repeat(60) + ".example.com";
        X509Certificate leaf = minter.mint(LeafSpec.forHost(host)).leaf();
        assertEquals("", leaf.getSubjectX500Principal().getName());
        assertTrue(leaf.getCriticalExtensionOIDs().contains("2.5.29.17"), "SAN must be critical with empty subject");
        TestPki.trustOnly(ca.certificate()).checkServerTrusted(new X509Certificate[] {leaf, ca.certificate()},
                "ECDHE_ECDSA");
    }

    @Test
    void serialsAreRandomPositiveAndAtMost128Bits() {
        Set<BigInteger> serials = new HashSet<>();
        LeafSpec spec = LeafSpec.forHost("serial.example");
        int wide = 0;
        for (int i = 0; i < 64; i++) {
            BigInteger serial = minter.mint(spec).leaf().getSerialNumber();
            assertTrue(serial.signum() > 0 && serial.bitLength() <= 128, serial.toString(16));
            wide += serial.bitLength() > 100 ? 1 : 0;
            serials.add(serial);
        }
        assertEquals(64, serials.size());
        assertTrue(wide > 48, "serials look too short to be 128 random bits: " + wide + " of 64 over 100 bits");
    }

    @Test
    void anRsaOrgCaSignsEcLeaves() throws Exception {
        Path rsaDir = java.nio.file.Files.createDirectory(dir.resolve("rsa"));
        TestPki.Issued rsaCa = TestPki.cert("RSA Org CA").keyPair(TestPki.rsa(2048)).ca(true).build();
        Path cert = TestPki.writeCert(rsaDir.resolve("ca.pem"), rsaCa.certificate());
        Path key = TestPki.write(rsaDir.resolve("ca.key"), TestPki.pem(rsaCa.keyPair()), "rw-------");
        CertificateAuthority rsa = CertificateAuthority.load(cert, key);
        MintedLeaf minted = new LeafMinter(rsa).mint(LeafSpec.forHost("rsa.example"));
        assertEquals("SHA256withRSA", minted.leaf().getSigAlgName());
        assertEquals("EC", minted.leaf().getPublicKey().getAlgorithm());
        TestPki.trustOnly(rsaCa.certificate()).checkServerTrusted(minted.chain().toArray(new X509Certificate[0]),
                "ECDHE_ECDSA");
    }

    @Test
    void refusesASpecOutsideTheCaValidity() {
        Instant start = ca.certificate().getNotAfter().toInstant().plus(Duration.ofDays(1));
        LeafSpec late = new LeafSpec("late.example", List.of(), List.of(), start, start.plus(Duration.ofDays(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> minter.mint(late));
        assertTrue(e.getMessage().startsWith("leaf for late.example (valid "), e.getMessage());
        assertTrue(e.getMessage().contains("falls outside the CA's validity"), e.getMessage());
    }
}
