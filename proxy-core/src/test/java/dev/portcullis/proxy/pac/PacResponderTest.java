package dev.portcullis.proxy.pac;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PacResponderTest {
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 9090);

    private static PacResponder responder(List<InetSocketAddress> http, List<InetSocketAddress> https) {
        return new PacResponder(() -> http, () -> https,
                org -> PacResponder.DEFAULT_ORG.equals(org) ? PacSettings.defaults() : null);
    }

    @Test
    void pathsItAnswers() {
        PacResponder r = responder(List.of(new InetSocketAddress("127.0.0.1", 3128)), List.of());
        assertTrue(r.handles("/proxy.pac"));
        assertTrue(r.handles("/proxy.pac?v=2"));
        assertTrue(r.handles("/pac/default.pac"));
        assertFalse(r.handles("/proxy.pac/x"));
        assertFalse(r.handles("/index.html"));
        assertFalse(PacResponder.disabled().handles("/proxy.pac"));
    }

    @Test
    void concreteListenersAreNamedAsBound() {
        PacAnswer a = responder(List.of(new InetSocketAddress("127.0.0.1", 3128),
                new InetSocketAddress("::1", 3129)), List.of()).answer("/proxy.pac", "evil.example:1", LOCAL);
        assertEquals(200, a.status());
        assertEquals(PacResponder.CONTENT_TYPE, a.contentType());
        assertTrue(a.body().contains("var PROXIES = \"PROXY 127.0.0.1:3128; PROXY [::1]:3129\";"), a.body());
        assertFalse(a.body().contains("evil"), "the Host header is only used for wildcard listeners");
    }

    @Test
    void wildcardListenersUseTheValidatedHostHeaderAndHttpsComesFirst() {
        PacResponder r = responder(List.of(new InetSocketAddress("0.0.0.0", 3128)),
                List.of(new InetSocketAddress("0.0.0.0", 3443)));
        PacAnswer a = r.answer("/pac/default.pac", "Proxy.Corp.Example:9090", LOCAL);
        assertEquals(200, a.status(), a.body());
        assertTrue(a.body().contains("\"HTTPS proxy.corp.example:3443; PROXY proxy.corp.example:3128\""), a.body());

        PacAnswer v6 = r.answer("/proxy.pac", "[fd00::1]:9090", LOCAL);
        assertTrue(v6.body().contains("PROXY [fd00::1]:3128"), v6.body());

        PacAnswer noHost = r.answer("/proxy.pac", null, new InetSocketAddress("192.0.2.10", 9090));
        assertTrue(noHost.body().contains("PROXY 192.0.2.10:3128"), noHost.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"evil\";alert(1);//", "a b", "host:99999", "[zz::1]", "-x.example", "300.1.1.1",
            "exa_mple.com", "[::1"})
    void badHostHeadersAreRefusedForWildcardListeners(String host) {
        PacAnswer a = responder(List.of(new InetSocketAddress("0.0.0.0", 3128)), List.of())
                .answer("/proxy.pac", host, LOCAL);
        assertEquals(400, a.status());
        assertEquals("bad_request", a.errorCode());
        assertTrue(a.body().contains("Host header"), a.body());
        assertFalse(a.body().contains("FindProxyForURL"));
    }

    @Test
    void unknownOrganisationsAre404() {
        PacAnswer a = responder(List.of(new InetSocketAddress("127.0.0.1", 3128)), List.of())
                .answer("/pac/acme.pac", null, LOCAL);
        assertEquals(404, a.status());
        assertTrue(a.body().contains("'acme'"));
    }

    @Test
    void responsesCarryTypeLengthAndCachePolicy() {
        PacAnswer a = responder(List.of(new InetSocketAddress("127.0.0.1", 3128)), List.of())
                .answer("/proxy.pac", null, LOCAL);
        FullHttpResponse get = PacResponder.toResponse(ByteBufAllocator.DEFAULT, a, false, false);
        FullHttpResponse head = PacResponder.toResponse(ByteBufAllocator.DEFAULT, a, true, true);
        try {
            assertEquals(PacResponder.CONTENT_TYPE, get.headers().get("Content-Type"));
            assertEquals(a.body(), get.content().toString(StandardCharsets.UTF_8));
            assertEquals(String.valueOf(a.body().getBytes(StandardCharsets.UTF_8).length),
                    head.headers().get("Content-Length"));
            assertEquals(0, head.content().readableBytes());
            assertEquals("close", head.headers().get("Connection"));
            assertTrue(get.headers().get("Cache-Control").startsWith("private"));
        } finally {
            get.release();
            head.release();
        }
    }

    @Test
    void scriptWithoutProxiesNeedsTheFallback() {
        assertEquals("DIRECT", PacScript.render(List.of(), PacSettings.of(List.of(), List.of(), true))
                .lines().filter(l -> l.startsWith("var PROXIES")).findFirst().orElseThrow()
                .replaceAll(".*\"(.*)\".*", "$1"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> PacScript.render(List.of(), PacSettings.defaults()));
        assertTrue(e.getMessage().contains("at least one proxy"));
    }

    @Test
    void quotingNeutralisesScriptCharacters() {
        assertEquals("\"a\\u0022b\\u005cc\\u003c/script\\u003e\"", PacScript.quote("a\"b\\c</script>"));
    }
}
