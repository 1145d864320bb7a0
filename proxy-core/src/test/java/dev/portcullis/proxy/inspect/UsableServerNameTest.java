package dev.portcullis.proxy.inspect;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UsableServerNameTest {
    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "www.example.com, example.net, www.example.com",
            "WWW.Example.COM., example.net, www.example.com",
            "null, example.net, example.net",
            "'', example.net, example.net",
            "127.0.0.1:8443, 127.0.0.1, 127.0.0.1",
            "www.example.com:443, example.net, example.net",
            "::1, example.net, example.net",
            "127.0.0.1, example.net, example.net",
            "[::1], example.net, example.net",
            "bad name!, example.net, example.net"})
    void clientSniIsUsedOnlyWhenItIsAHostName(String sni, String connectHost, String expected) {
        assertEquals(expected, OriginHandshake.usableServerName(sni, connectHost));
    }
}
