package dev.portcullis.tls.context;

import java.security.cert.CertificateException;

/** The origin's chain is trusted but does not name the host we asked for. */
public final class HostnameMismatchException extends CertificateException {

    private static final long serialVersionUID = 1L;

    HostnameMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
