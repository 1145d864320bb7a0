package dev.portcullis.e2e.inspect;

import dev.portcullis.e2e.support.ProxyFixture;
import dev.portcullis.e2e.support.TestOrigin;
import dev.portcullis.e2e.support.TestPki;
import dev.portcullis.e2e.support.TlsOrigins;
import dev.portcullis.proxy.observe.AccessRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Origins whose certificates fail verification are never reached silently: the client gets an error page. */
class UpstreamVerificationTest {
    @TempDir
    static Path dir;

    static OrgCa org;
    static TestPki trusted;
    static ProxyFixture proxy;

    @BeforeAll
    static void start() throws Exception {
        org = OrgCa.create(dir.resolve("org"));
        trusted = new TestPki("Trusted Origin CA");
        proxy = ProxyFixture.start(org.yaml(trusted.writeCaPem(dir)));
    }

    @AfterAll
    static void stop() {
        proxy.close();
    }

    static Stream<Arguments> badOrigins() {
        Function<TestPki, TestPki.Leaf> expired = pki -> pki.leaf(Instant.now().minus(Duration.ofDays(10)),
                Instant.now().minus(Duration.ofDays(1)), "localhost", "127.0.0.1");
        Function<TestPki, TestPki.Leaf> untrusted = pki -> new TestPki("Unknown CA").leaf("localhost", "127.0.0.1");
        Function<TestPki, TestPki.Leaf> wrongHost = pki -> pki.leaf("other.example");
        return Stream.of(
                Arguments.of("expired", expired, "has expired"),
                Arguments.of("untrusted issuer", untrusted, "not issued by a trusted certificate authority"),
                Arguments.of("wrong host", wrongHost, "belongs to a different site"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badOrigins")
    void errorPageNamesTheProblemAndTheOriginSeesNoRequest(String name, Function<TestPki, TestPki.Leaf> leaf,
                                                          String sentence) throws Exception {
        try (TestOrigin origin = TestOrigin.tls(TlsOrigins.server(leaf.apply(trusted), "http/1.1"))) {
            HttpClient client = HttpClient.newBuilder().proxy(ProxySelector.of(proxy.address()))
                    .sslContext(org.clientContext()).connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + origin.port() + "/hello")).header("Accept", "text/html").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(502, r.statusCode(), name + ": " + r.body());
            assertEquals("upstream_certificate", r.headers().firstValue("X-Portcullis-Error").orElse(null));
            assertTrue(r.body().contains(sentence), name + ": " + r.body());
            assertTrue(r.body().startsWith("<!DOCTYPE html>"), "HTML for a browser");
            assertEquals(0, origin.requests.get(), name + ": the origin saw a request");
            AccessRecord rec = proxy.awaitAccess(a -> "upstream_certificate".equals(a.errorCode())
                    && a.url().contains(":" + origin.port() + "/"));
            assertTrue(rec.tlsInspected());
            assertEquals(502, rec.status());
        }
    }
}
