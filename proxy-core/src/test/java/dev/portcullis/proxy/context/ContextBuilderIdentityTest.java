package dev.portcullis.proxy.context;

import dev.portcullis.policy.gateway.ConnectionFacts;
import dev.portcullis.policy.gateway.Identity;
import dev.portcullis.policy.gateway.RequestFacts;
import dev.portcullis.proxy.auth.ChannelIdentity;
import dev.portcullis.proxy.http.RequestTarget;
import io.netty.channel.Channel;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The identity policy sees comes from {@link ChannelIdentity}; credentials never reach the header map. */
class ContextBuilderIdentityTest {
    private static final Identity ANN = new Identity("ann@acme.example", "ann",
            List.of(new Identity.Group(null, "finance", null)), "pc-1", Set.of("disk"), Set.of());

    /** An embedded channel with socket addresses, as a client connection has. */
    private static final class Client extends EmbeddedChannel {
        Client(Channel parent) {
            super(parent, DefaultChannelId.newInstance(), true, false);
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return new InetSocketAddress("192.0.2.7", 40000);
        }

        @Override
        protected SocketAddress localAddress0() {
            return new InetSocketAddress("127.0.0.1", 3128);
        }
    }

    @Test
    void anonymousUntilAuthenticatedThenTheChannelsIdentity() {
        Client ch = new Client(null);
        assertEquals(Identity.ANONYMOUS, ContextBuilder.connection(ch, "a.example", 443, null, null).identity());
        ChannelIdentity.set(ch, ANN);
        ConnectionFacts facts = ContextBuilder.connection(ch, "a.example", 443, null, null);
        assertEquals(ANN, facts.identity());
        ChannelIdentity.set(ch, null);
        assertEquals(Identity.ANONYMOUS, ContextBuilder.connection(ch, "a.example", 443, null, null).identity());
        ch.finishAndReleaseAll();
    }

    @Test
    void aStreamChannelInheritsItsConnectionsIdentity() {
        Client connection = new Client(null);
        ChannelIdentity.set(connection, ANN);
        Client stream = new Client(connection);
        assertEquals(ANN, ChannelIdentity.of(stream));
        Identity other = new Identity("bob@acme.example", "bob", List.of(), null, Set.of(), Set.of());
        ChannelIdentity.set(stream, other);
        assertEquals(other, ChannelIdentity.of(stream), "a stream's own credentials win");
        stream.finishAndReleaseAll();
        connection.finishAndReleaseAll();
    }

    @Test
    void proxyAuthorizationNeverReachesThePolicyHeaderMap() throws Exception {
        Client ch = new Client(null);
        ChannelIdentity.set(ch, ANN);
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "http://a.example/x");
        request.headers().add("Proxy-Authorization", "Basic YW5uOnB3").add("X-Other", "1");
        RequestFacts facts = ContextBuilder.request(ch, RequestTarget.parseAbsolute(request.uri()), request, "http",
                null);
        assertFalse(facts.headers().containsKey("proxy-authorization"), facts.headers().toString());
        assertTrue(facts.headers().containsKey("x-other"));
        assertEquals(ANN, facts.connection().identity());
        ch.finishAndReleaseAll();
    }
}
