package dev.portcullis.tls.ca;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.interfaces.ECPublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaGeneratorTest {

    @TempDir
    Path dir;

    @Test
    void generatesAnEcP256RootWithCaExtensionsAndAPrivateKeyFile() throws Exception {
        CaGenerator.CaFiles files = CaGenerator.generate(dir, "Acme Test CA", 30);

        assertEquals(dir.resolve("ca.pem"), files.certificate());
        assertEquals(dir.resolve("ca.key"), files.key());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(files.key())));
        assertTrue(Files.readString(files.key()).startsWith("-----BEGIN PRIVATE KEY-----"), "PKCS#8 PEM expected");

        X509Certificate ca = PemFiles.readCertificates(files.certificate()).get(0);
        assertEquals("CN=Acme Test CA", ca.getSubjectX500Principal().getName());
        assertEquals(ca.getSubjectX500Principal(), ca.getIssuerX500Principal());
        ca.verify(ca.getPublicKey());
        assertEquals(256, ((ECPublicKey) ca.getPublicKey()).getParams().getCurve().getField().getFieldSize());
        assertEquals(0, ca.getBasicConstraints(), "CA:true with pathLen 0");
        assertTrue(ca.getCriticalExtensionOIDs().contains("2.5.29.19"), "basicConstraints critical");
        assertTrue(ca.getCriticalExtensionOIDs().contains("2.5.29.15"), "keyUsage critical");
        assertTrue(ca.getKeyUsage()[5], "keyCertSign");
        assertTrue(ca.getKeyUsage()[6], "cRLSign");
        assertTrue(ca.getExtensionValue("2.5.29.14") != null, "subject key identifier");
        Duration lifetime = Duration.between(Instant.now(), ca.getNotAfter().toInstant());
        assertTrue(lifetime.toDays() >= 29 && lifetime.toDays() <= 30, "lifetime " + lifetime);

        CertificateAuthority loaded = CertificateAuthority.load(files.certificate(), files.key());
        assertEquals(ca, loaded.certificate());
    }

    @Test
    void defaultsAreTheDocumentedNameAndTenYears() throws Exception {
        CaGenerator.CaFiles files = CaGenerator.generate(dir);
        X509Certificate ca = PemFiles.readCertificates(files.certificate()).get(0);
        assertEquals("CN=Portcullis Gateway CA", ca.getSubjectX500Principal().getName());
        long days = Duration.between(Instant.now(), ca.getNotAfter().toInstant()).toDays();
        assertTrue(days >= 3649 && days <= 3650, "days " + days);
    }

    @Test
    void refusesToOverwriteAnExistingCaAndLeavesItUntouched() throws Exception {
        CaGenerator.CaFiles first = CaGenerator.generate(dir);
        byte[] cert = Files.readAllBytes(first.certificate());
        byte[] key = Files.readAllBytes(first.key());

        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class, () -> CaGenerator.generate(dir));
        assertEquals(dir.resolve("ca.pem") + ": refusing to overwrite an existing CA file; move it away first",
                e.getMessage());
        assertArrayEquals(cert, Files.readAllBytes(first.certificate()));
        assertArrayEquals(key, Files.readAllBytes(first.key()));
    }

    @Test
    void refusesWhenOnlyTheKeyExists() throws Exception {
        Files.writeString(dir.resolve("ca.key"), "x");
        FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class, () -> CaGenerator.generate(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("ca.key").toString()), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("ca.pem")));
    }

    @Test
    void refusesBadNamesAndLifetimes() {
        assertEquals("CA name must not be blank", assertThrows(IllegalArgumentException.class,
                () -> CaGenerator.generate(dir, " ", 10)).getMessage());
        assertEquals("CA lifetime must be between 1 and 36500 days, got 0", assertThrows(IllegalArgumentException.class,
                () -> CaGenerator.generate(dir, "x", 0)).getMessage());
        assertEquals("CA name is 65 characters; X.509 allows at most 64 in a common name",
                assertThrows(IllegalArgumentException.class, () -> CaGenerator.generate(dir, "n".repeat(65), 1))
                        .getMessage());
    }

    @Test
    void installInstructionsCoverEveryPlatform() {
        Path pem = dir.resolve("ca.pem");
        String text = CaGenerator.installInstructions(pem);
        String path = pem.toAbsolutePath().toString();
        for (String expected : new String[] {
                "update-ca-certificates",
                "security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain " + path,
                "certutil -addstore Root " + path,
                "policies.json",
                "certutil -d sql:$HOME/.pki/nssdb -A -t \"C,,\" -n \"Portcullis Gateway CA\" -i " + path}) {
            assertTrue(text.contains(expected), "missing '" + expected + "' in:\n" + text);
        }
    }
}
