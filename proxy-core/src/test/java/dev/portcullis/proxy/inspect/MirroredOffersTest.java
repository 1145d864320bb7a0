package dev.portcullis.proxy.inspect;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The origin is offered exactly the client's ALPN protocols that the inside of a tunnel speaks, in its order. */
class MirroredOffersTest {
    static Stream<Arguments> offers() {
        return Stream.of(
                Arguments.of(List.of("h2", "http/1.1"), List.of("h2", "http/1.1")),
                Arguments.of(List.of("http/1.1", "h2"), List.of("http/1.1", "h2")),
                Arguments.of(List.of("h2"), List.of("h2")),
                Arguments.of(List.of("http/1.1"), List.of("http/1.1")),
                Arguments.of(List.of("h3", "spdy/3.1", "h2", "http/1.0"), List.of("h2")),
                Arguments.of(List.of("acme-tls/1"), List.of()),
                Arguments.of(List.of("h2", "h2", "http/1.1"), List.of("h2", "http/1.1")),
                Arguments.of(List.of(), List.of()));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("offers")
    void mirrorsTheClientRestrictedToH2AndHttp11(List<String> client, List<String> expected) {
        assertEquals(expected, OriginHandshake.mirroredOffers(client));
    }
}
