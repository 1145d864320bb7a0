package dev.portcullis.tls.ca;

/** The organisation CA could not be loaded; the message names the offending file and says what is wrong with it. */
public final class CaLoadException extends KeyMaterialException {

    private static final long serialVersionUID = 1L;

    public CaLoadException(String message) {
        super(message);
    }

    public CaLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
