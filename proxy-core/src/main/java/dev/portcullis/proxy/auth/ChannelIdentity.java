package dev.portcullis.proxy.auth;

import dev.portcullis.policy.gateway.Identity;
import dev.portcullis.proxy.observe.AccessRecord;
import dev.portcullis.proxy.tenancy.ChannelOrg;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * The authenticated identity of a client connection, kept as a channel attribute. An HTTP/2 stream is a child
 * channel: it inherits its connection's identity unless it has its own (per-stream credentials), and an mTLS
 * handshake can set the connection's identity before any request arrives.
 */
public final class ChannelIdentity {
    public static final AttributeKey<Identity> KEY = AttributeKey.valueOf("portcullis.identity");
    /** Set on a connection whose client certificate the TLS handshake verified: it needs no credentials. */
    private static final AttributeKey<Boolean> CERTIFIED = AttributeKey.valueOf("portcullis.identity.certified");

    private ChannelIdentity() {
    }

    /** The identity policy should see for requests on {@code ch}: {@link Identity#ANONYMOUS} when none. */
    public static Identity of(Channel ch) {
        for (Channel c = ch; c != null; c = c.parent()) {
            if (c.hasAttr(KEY)) {
                Identity id = c.attr(KEY).get();
                if (id != null) {
                    return id;
                }
            }
        }
        return Identity.ANONYMOUS;
    }

    /** Sets (or with null, clears) the identity of {@code ch}. */
    public static void set(Channel ch, Identity identity) {
        ch.attr(KEY).set(identity);
    }

    /** Sets the identity a verified client certificate proved for the whole connection {@code ch}. */
    public static void setCertified(Channel ch, Identity identity) {
        ch.attr(KEY).set(identity);
        ch.attr(CERTIFIED).set(Boolean.TRUE);
    }

    /** Whether {@code ch} (or the connection it is a stream of) proved its identity with a client certificate. */
    public static boolean certified(Channel ch) {
        for (Channel c = ch; c != null; c = c.parent()) {
            if (c.hasAttr(CERTIFIED) && Boolean.TRUE.equals(c.attr(CERTIFIED).get())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The record with the connection's user, if one was proven (access logs name who, never how), and the
     * organisation it was attributed to.
     */
    public static AccessRecord annotate(Channel ch, AccessRecord record) {
        Identity id = of(ch);
        AccessRecord r = id == Identity.ANONYMOUS ? record : record.withUser(id.email(), id.name());
        String org = ChannelOrg.orgOf(ch);
        return org == null ? r : r.withOrg(org);
    }
}
