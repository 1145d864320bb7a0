package dev.portcullis.proxy.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What an admin handler answers; the server adds framing and keep-alive. */
record AdminResponse(int status, String contentType, byte[] body, Map<String, String> headers) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static AdminResponse text(int status, String text) {
        return new AdminResponse(status, "text/plain; charset=utf-8",
                (text.endsWith("\n") ? text : text + "\n").getBytes(StandardCharsets.UTF_8), Map.of());
    }

    static AdminResponse json(int status, Object value) {
        try {
            return new AdminResponse(status, "application/json", JSON.writeValueAsBytes(value), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write admin JSON", e);
        }
    }

    /** A JSON error body {@code {"error": code, "message": ...}} so scripts can branch on the code. */
    static AdminResponse error(int status, String code, String message) {
        return json(status, Map.of("error", code, "message", message));
    }

    AdminResponse withHeader(String name, String value) {
        Map<String, String> h = new java.util.LinkedHashMap<>(headers);
        h.put(name, value);
        return new AdminResponse(status, contentType, body, Map.copyOf(h));
    }
}
