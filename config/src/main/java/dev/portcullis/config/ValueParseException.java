package dev.portcullis.config;

/**
 * A single value (an address, a port list, a duration, a size...) could not be parsed or is out of range. The
 * message names the problem and the offending text, so the CLI can show it as is and the loader can prefix it
 * with {@code file:line:column /pointer:}.
 */
public final class ValueParseException extends IllegalArgumentException {

    public ValueParseException(String message) {
        super(message);
    }
}
