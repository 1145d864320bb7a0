package dev.portcullis.tls.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXReason;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** Classification of the exception shapes the JDK and Netty produce; real handshakes are in UpstreamTlsTest. */
class CertificateProblemTest {

    private static Throwable wrapped(Throwable cause) {
        SSLHandshakeException outer = new SSLHandshakeException("error:1000007d:SSL routines:CERTIFICATE_VERIFY_FAILED");
        outer.initCause(new CertificateException(cause.getMessage(), cause));
        return outer;
    }

    @Test
    void classifiesTypedCauses() {
        assertEquals(CertificateProblem.EXPIRED, CertificateProblem.classify(wrapped(new CertificateExpiredException())));
        assertEquals(CertificateProblem.NOT_YET_VALID,
                CertificateProblem.classify(wrapped(new CertificateNotYetValidException())));
        assertEquals(CertificateProblem.REVOKED, CertificateProblem.classify(wrapped(new CertPathValidatorException(
                "revoked", null, null, -1, CertPathValidatorException.BasicReason.REVOKED))));
        assertEquals(CertificateProblem.EXPIRED, CertificateProblem.classify(wrapped(new CertPathValidatorException(
                "validity check failed", null, null, -1, CertPathValidatorException.BasicReason.EXPIRED))));
        assertEquals(CertificateProblem.UNTRUSTED_ISSUER, CertificateProblem.classify(wrapped(
                new CertPathValidatorException("no anchor", null, null, -1, PKIXReason.NO_TRUST_ANCHOR))));
        assertEquals(CertificateProblem.UNTRUSTED_ISSUER,
                CertificateProblem.classify(wrapped(new CertPathBuilderException("unable to find valid path"))));
        assertEquals(CertificateProblem.HOSTNAME_MISMATCH, CertificateProblem.classify(
                new HostnameMismatchException("certificate is not valid for host a.test", null)));
    }

    @Test
    void fallsBackToTheJdkMessages() {
        assertEquals(CertificateProblem.HOSTNAME_MISMATCH, CertificateProblem.classify(
                wrapped(new CertificateException("No subject alternative DNS name matching a.test found."))));
        assertEquals(CertificateProblem.UNTRUSTED_ISSUER, CertificateProblem.classify(
                wrapped(new CertificateException("PKIX path building failed: unable to find valid certification"
                        + " path to requested target"))));
    }

    @Test
    void anythingElseIsOther() {
        assertEquals(CertificateProblem.OTHER, CertificateProblem.classify(new IOException("connection reset")));
        assertEquals(CertificateProblem.OTHER, CertificateProblem.classify(null));
        Throwable selfCaused = new IllegalStateException("loop");
        Throwable outer = new RuntimeException("outer", selfCaused);
        selfCaused.initCause(outer);
        assertEquals(CertificateProblem.OTHER, CertificateProblem.classify(outer));
    }

    @Test
    void everyProblemHasASentence() {
        for (CertificateProblem problem : CertificateProblem.values()) {
            assertFalse(problem.sentence().isBlank(), problem.name());
        }
    }
}
