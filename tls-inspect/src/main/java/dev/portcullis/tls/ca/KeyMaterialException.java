package dev.portcullis.tls.ca;

/**
 * A certificate or key file could not be used. The message always names the file and the problem and never contains
 * key material, so it is safe to print to an operator or a log.
 */
public class KeyMaterialException extends Exception {

    private static final long serialVersionUID = 1L;

    public KeyMaterialException(String message) {
        super(message);
    }

    public KeyMaterialException(String message, Throwable cause) {
        super(message, cause);
    }
}
