package dev.portcullis.proxy.tenancy;

import dev.portcullis.policy.gateway.Identity;
import dev.portcullis.proxy.auth.ChannelIdentity;
import dev.portcullis.proxy.decision.GateVerdict;
import dev.portcullis.proxy.decision.PolicyDecider;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class OrgDecidersTest {
    private static final PolicyDecider A = PolicyDecider.ALLOW_ALL;
    private static final PolicyDecider B = new PolicyDecider() {
        @Override
        public GateVerdict decideConnect(dev.portcullis.policy.gateway.ConnectionFacts facts) {
            return GateVerdict.allow("b");
        }

        @Override
        public GateVerdict decideNetwork(dev.portcullis.policy.gateway.ConnectionFacts facts) {
            return GateVerdict.allow("b");
        }

        @Override
        public GateVerdict decideRequest(dev.portcullis.policy.gateway.RequestFacts facts) {
            return GateVerdict.allow("b");
        }
    };
    private static final Map<String, String> USERS = Map.of("alice", "a", "bob", "b", "carol", "c");
    private final OrgDeciders deciders = new OrgDeciders(Map.of("a", A, "b", B, "c", A),
            id -> USERS.get(id.name()));

    private static Identity user(String name) {
        return new Identity(null, name, List.of(), null, Set.of(), Set.of());
    }

    private static String blockReason(PolicyDecider d) {
        GateVerdict v = d.decideRequest(null);
        assertEquals(GateVerdict.Kind.BLOCK, v.kind());
        return v.reason();
    }

    @Test
    void aConnectionBoundAtAcceptUsesItsOrganisation() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ChannelOrg.set(ch, new OrgBinding("b", "b-office"));
        assertSame(B, deciders.select(ch));
        ChannelIdentity.set(ch, user("bob"));
        assertSame(B, deciders.select(ch), "b's own user");
        ChannelIdentity.set(ch, user("alice"));
        assertEquals("the credentials belong to organisation 'a', not to 'b' whose endpoint this is",
                blockReason(deciders.select(ch)));
        ChannelIdentity.set(ch, user("someone-from-mtls"));
        assertSame(B, deciders.select(ch), "identities no organisation's credentials produced are left to policy");
        ch.finishAndReleaseAll();
    }

    @Test
    void onASharedListenerTheCredentialsChooseAndAreRecorded() {
        EmbeddedChannel ch = new EmbeddedChannel();
        ChannelOrg.candidates(ch, Map.of("a", "a-any", "b", "b-any"));
        assertEquals("this listener is shared by several organisations: credentials are needed to tell which one",
                blockReason(deciders.select(ch)));
        ChannelIdentity.set(ch, user("bob"));
        assertSame(B, deciders.select(ch));
        assertEquals(new OrgBinding("b", "b-any"), ChannelOrg.of(ch));
        ChannelIdentity.set(ch, user("alice"));
        assertSame(A, deciders.select(ch), "a new identity on the same connection is attributed afresh");
        assertEquals("a", ChannelOrg.orgOf(ch));
        ChannelIdentity.set(ch, user("carol"));
        assertEquals("organisation 'c' has no endpoint on this listener", blockReason(deciders.select(ch)));
        ChannelIdentity.set(ch, user("mallory"));
        assertEquals("the credentials belong to no organisation", blockReason(deciders.select(ch)));
        ch.finishAndReleaseAll();
    }

    @Test
    void anUnattributedConnectionIsBlocked() {
        EmbeddedChannel ch = new EmbeddedChannel();
        assertEquals("the connection was not attributed to any organisation", blockReason(deciders.select(ch)));
        ch.finishAndReleaseAll();
    }
}
