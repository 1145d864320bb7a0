package dev.portcullis.proxy.pac;

/**
 * The outcome of a PAC request, independent of the listener that serves it.
 *
 * @param errorCode {@code X-Portcullis-Error} value for a refusal, null on success
 */
public record PacAnswer(int status, String contentType, String body, String errorCode) {

    static PacAnswer ok(String script) {
        return new PacAnswer(200, PacResponder.CONTENT_TYPE, script, null);
    }

    static PacAnswer refused(int status, String errorCode, String message) {
        return new PacAnswer(status, "text/plain; charset=utf-8", message + "\n", errorCode);
    }
}
