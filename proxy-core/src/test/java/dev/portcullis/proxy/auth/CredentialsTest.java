package dev.portcullis.proxy.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class CredentialsTest {
    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void basicSplitsAtTheFirstColonAndKeepsUtf8() {
        assertEquals(new Credentials.Basic("ann", "p:w ö"), Credentials.parse("Basic " + b64("ann:p:w ö")));
        assertEquals(new Credentials.Basic("ann", ""), Credentials.parse("basic  " + b64("ann:")));
        assertFalse(Credentials.parse("Basic " + b64("ann:secret")).toString().contains("secret"));
    }

    @Test
    void bearerKeepsTheTokenButNeverPrintsIt() {
        assertEquals(new Credentials.Bearer("abc.DEF-123"), Credentials.parse("Bearer abc.DEF-123"));
        assertFalse(Credentials.parse("Bearer abc.DEF-123").toString().contains("abc"));
    }

    @Test
    void anythingElseIsMalformed() {
        for (String h : new String[]{"Basic", "Basic ", "Basic !!!", "Basic " + b64("no-colon"), "Digest a=b",
                "Negotiate abc", "Bearer a b", "Basic " + Base64.getEncoder().encodeToString(new byte[]{'a', ':', (byte) 0xff})}) {
            assertInstanceOf(Credentials.Malformed.class, Credentials.parse(h), h);
        }
    }
}
