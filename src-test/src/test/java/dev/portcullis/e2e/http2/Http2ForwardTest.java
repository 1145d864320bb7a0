package dev.portcullis.e2e.http2;

import dev.portcullis.e2e.support.TestOrigin;
import dev.portcullis.proxy.observe.AccessRecord;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code http://} requests over HTTP/2 go through the same forward proxy as absolute-form HTTP/1.1. */
class Http2ForwardTest {

    private static Http2Headers get(String authority, String path) {
        return new DefaultHttp2Headers().method("GET").scheme("http").authority(authority).path(path);
    }

    @Test
    void httpRequestsOnStreamsAreForwardedWithPolicyAndErrorsAsOverHttp1(@TempDir Path dir) throws Exception {
        try (TestOrigin origin = TestOrigin.plain();
             TestOrigin forbidden = TestOrigin.plain()) {
            String upstream = """
                    upstream:
                      allow_destinations: ["127.0.0.1/32:%d"]
                    """.formatted(origin.port());
            try (H2Proxy proxy = new H2Proxy(dir, upstream); H2Client client = proxy.client()) {
                H2Client.Stream a = client.open(get("127.0.0.1:" + origin.port(), "/headers?x=1"), true);
                H2Client.Stream b = client.open(get("127.0.0.1:" + origin.port(), "/hello"), true);
                a.channel.writeAndFlush(new io.netty.handler.codec.http2.DefaultHttp2DataFrame(true));
                b.channel.writeAndFlush(new io.netty.handler.codec.http2.DefaultHttp2DataFrame(true));
                assertEquals("200", a.response.get(10, TimeUnit.SECONDS).status().toString());
                assertEquals("200", b.response.get(10, TimeUnit.SECONDS).status().toString());
                a.ended.get(10, TimeUnit.SECONDS);
                b.ended.get(10, TimeUnit.SECONDS);
                assertEquals("hello\n", b.text());
                // The origin sees an HTTP/1.1 request in origin form, with the Host from :authority and our Via.
                assertTrue(a.text().startsWith("GET /headers?x=1 HTTP/1.1\n"), a.text());
                assertTrue(a.text().toLowerCase().contains("host: 127.0.0.1:" + origin.port()), a.text());
                assertTrue(a.text().toLowerCase().contains("via: 2 portcullis"), "RFC 9110 7.6.3: received over h2 → 2: " + a.text());
                assertTrue(!a.text().toLowerCase().contains("x-http2-"), "Netty's extension headers leaked: " + a.text());

                H2Client.Stream post = client.open(new DefaultHttp2Headers().method("POST").scheme("http")
                        .authority("127.0.0.1:" + origin.port()).path("/echo"), true);
                post.send("body over h2", true);
                assertEquals("200", post.response.get(10, TimeUnit.SECONDS).status().toString());
                post.ended.get(10, TimeUnit.SECONDS);
                assertEquals("body over h2", post.text());

                H2Client.Stream blocked = client.open(get("127.0.0.1:" + forbidden.port(), "/hello"), true);
                blocked.channel.writeAndFlush(new io.netty.handler.codec.http2.DefaultHttp2DataFrame(true));
                Http2Headers refusal = blocked.response.get(10, TimeUnit.SECONDS);
                assertEquals("403", refusal.status().toString());
                assertEquals("destination_forbidden", refusal.get("x-portcullis-error").toString());
                assertEquals(0, forbidden.requests.get());

                AccessRecord record = proxy.fixture.awaitAccess(r -> "http".equals(r.kind()) && r.status() == 200);
                assertTrue(record.url().startsWith("http://127.0.0.1:" + origin.port() + "/"), record.url());
            }
        }
    }
}
