package dev.portcullis.proxy.auth;

import dev.portcullis.config.ClientCertMapping;
import dev.portcullis.policy.gateway.Identity;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Which identity a (verified) client certificate stands for: e-mail SAN, else CN, refined by client_certs. */
class ClientCertificatesTest {
    private static X509Certificate cert(String subject, GeneralName... sans) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair k = g.generateKeyPair();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name("CN=Test CA"), BigInteger.TEN,
                Date.from(Instant.now()), Date.from(Instant.now().plusSeconds(3600)), new X500Name(subject),
                k.getPublic());
        if (sans.length > 0) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(sans));
        }
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(k.getPrivate())));
    }

    private final ClientCertificates none = new ClientCertificates(List.of());

    @Test
    void theEmailSanAndTheCnAreTheIdentity() throws Exception {
        X509Certificate c = cert("CN=Carol Example, OU=Sales, O=Acme",
                new GeneralName(GeneralName.dNSName, "laptop.acme.example"),
                new GeneralName(GeneralName.rfc822Name, "carol@acme.example"));
        Identity id = none.identify(c);
        assertEquals("carol@acme.example", id.email());
        assertEquals("Carol Example", id.name());
        assertEquals(List.of(), id.groups());
    }

    @Test
    void withoutAnEmailOnlyTheMostSpecificCnNamesTheClient() throws Exception {
        Identity id = none.identify(cert("O=Acme, CN=outer, CN=build-agent-7"));
        assertNull(id.email());
        assertEquals("build-agent-7", id.name());
        assertNull(none.identify(cert("O=Acme")).name(), "no CN, no name");
    }

    @Test
    void aMappingMatchesTheEmailOrTheCnIgnoringCaseAndFillsTheRest() throws Exception {
        ClientCertificates mapped = new ClientCertificates(List.of(
                new ClientCertMapping("BUILD-agent-7", Optional.of("ci@acme.example"), Optional.empty(),
                        List.of("ci", "finance")),
                new ClientCertMapping("carol@acme.example", Optional.empty(), Optional.of("Carol E."),
                        List.of("sales"))));
        Identity agent = mapped.identify(cert("CN=build-agent-7"));
        assertEquals("ci@acme.example", agent.email());
        assertEquals("build-agent-7", agent.name(), "no name configured: the CN stays");
        assertEquals(List.of("ci", "finance"), agent.groups().stream().map(Identity.Group::name).toList());

        Identity carol = mapped.identify(cert("CN=build-agent-7",
                new GeneralName(GeneralName.rfc822Name, "Carol@Acme.example")));
        assertEquals("Carol@Acme.example", carol.email(), "the e-mail wins over the CN when both could match");
        assertEquals("Carol E.", carol.name());
        assertEquals(List.of("sales"), carol.groups().stream().map(Identity.Group::name).toList());
    }
}
