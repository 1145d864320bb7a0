package dev.portcullis.e2e.http1;

import dev.portcullis.e2e.support.ProxyFixture;
import dev.portcullis.e2e.support.RawHttp;
import dev.portcullis.e2e.support.TestOrigin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests whose framing or syntax is ambiguous or invalid are answered by the proxy with the right status and
 * never reach the origin (RFC 9112 §§ 2.2, 3, 5, 6, 7).
 */
class RequestValidationTest {
    static TestOrigin origin;
    static ProxyFixture proxy;

    @BeforeAll
    static void start() throws Exception {
        origin = TestOrigin.plain();
        proxy = ProxyFixture.start("""
                upstream:
                  allow_destinations: ["127.0.0.1/32"]
                limits:
                  max_initial_line_length: 1024
                  max_header_size: 2048
                """);
    }

    @AfterAll
    static void stop() {
        proxy.close();
        origin.close();
    }

    static Stream<Arguments> invalidRequests() {
        String u = "http://127.0.0.1:%d/echo";
        return Stream.of(
                Arguments.of("content-length with transfer-encoding", 400,
                        "POST " + u + " HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + "0\r\n\r\n"),
                Arguments.of("differing duplicate content-length", 400,
                        "POST " + u + " HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nabcdef"),
                Arguments.of("invalid chunk size", 400,
                        "POST " + u + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"),
                Arguments.of("transfer-encoding not ending in chunked", 400,
                        "POST " + u + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\nabc"),
                Arguments.of("obs-fold", 400,
                        "GET " + u + " HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n b\r\n\r\n"),
                Arguments.of("whitespace before colon", 400,
                        "GET " + u + " HTTP/1.1\r\nHost: x\r\nX-Bad : a\r\n\r\n"),
                Arguments.of("bare LF line ending", 400,
                        "GET " + u + " HTTP/1.1\nHost: x\n\n"),
                Arguments.of("bare CR inside a field value", 400,
                        "GET " + u + " HTTP/1.1\r\nHost: x\r\nX-Bad: a\rb\r\n\r\n"),
                Arguments.of("NUL in a field value", 400,
                        "GET " + u + " HTTP/1.1\r\nHost: x\r\nX-Bad: a\0b\r\n\r\n"),
                Arguments.of("invalid method token", 400,
                        "GE(T " + u + " HTTP/1.1\r\nHost: x\r\n\r\n"),
                Arguments.of("request line too long", 414,
                        "GET " + u + "?" + "a".repeat(2000) + " HTTP/1.1\r\nHost: x\r\n\r\n"),
                Arguments.of("header block too large", 431,
                        "GET " + u + " HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(3000) + "\r\n\r\n"),
                Arguments.of("origin-form to a proxy", 400,
                        "GET /echo HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
                Arguments.of("https absolute-form", 400,
                        "GET https://127.0.0.1:%d/echo HTTP/1.1\r\nHost: x\r\n\r\n"),
                Arguments.of("userinfo in target", 400,
                        "GET http://user:pw@127.0.0.1:%d/echo HTTP/1.1\r\nHost: x\r\n\r\n"),
                Arguments.of("port out of range", 400,
                        "GET http://127.0.0.1:70000/echo HTTP/1.1\r\nHost: x\r\n\r\n"),
                Arguments.of("Via loop", 508,
                        "GET " + u + " HTTP/1.1\r\nHost: x\r\nVia: 1.1 edge, 1.1 portcullis\r\n\r\n"),
                Arguments.of("HTTP/2.0 in an HTTP/1 request line", 505,
                        "GET " + u + " HTTP/2.0\r\nHost: x\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("invalidRequests")
    void rejectedWithoutReachingTheOrigin(String name, int status, String template) throws Exception {
        int before = origin.requests.get();
        try (RawHttp c = new RawHttp(proxy.address())) {
            c.send(template.replace("%d", Integer.toString(origin.port())));
            RawHttp.Response r = c.readResponse();
            assertEquals(status, r.status(), name + ": " + r.statusLine() + " " + r.text());
            assertNotNull(r.header("x-portcullis-error"), "error code header");
            assertTrue(r.text().length() > 10, "a message that names the problem: " + r.text());
        }
        assertEquals(before, origin.requests.get(), "the origin must not see the request");
    }

    @ParameterizedTest(name = "request to the proxy itself")
    @MethodSource("selfTargets")
    void requestAddressedToTheProxyItselfIsALoop(String target) throws Exception {
        try (RawHttp c = new RawHttp(proxy.address())) {
            c.send("GET " + target.replace("%d", Integer.toString(proxy.port())) + " HTTP/1.1\r\nHost: x\r\n\r\n");
            RawHttp.Response r = c.readResponse();
            assertEquals(508, r.status(), r.text());
            assertEquals("forwarding_loop", r.header("x-portcullis-error"));
        }
    }

    static Stream<String> selfTargets() {
        return Stream.of("http://127.0.0.1:%d/", "http://localhost:%d/x");
    }
}
