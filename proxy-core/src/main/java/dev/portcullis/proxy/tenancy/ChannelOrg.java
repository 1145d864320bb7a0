package dev.portcullis.proxy.tenancy;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

import java.util.Map;

/**
 * The organisation of a client connection, kept as a channel attribute like the identity. Set when the connection
 * is accepted (listener or source address decided it) and looked up through parents, so HTTP/2 streams and
 * decrypted inner channels see their connection's organisation.
 */
public final class ChannelOrg {
    public static final AttributeKey<OrgBinding> KEY = AttributeKey.valueOf("portcullis.org");
    /** Organisations (id → endpoint) one of which the connection's credentials must select. */
    static final AttributeKey<Map<String, String>> CANDIDATES = AttributeKey.valueOf("portcullis.org-candidates");

    private ChannelOrg() {
    }

    /** The binding of {@code ch} or its nearest parent that has one, or null. */
    public static OrgBinding of(Channel ch) {
        for (Channel c = ch; c != null; c = c.parent()) {
            if (c.hasAttr(KEY)) {
                OrgBinding b = c.attr(KEY).get();
                if (b != null) {
                    return b;
                }
            }
        }
        return null;
    }

    /** The organisation id of {@code ch}, or null when it has none yet. */
    public static String orgOf(Channel ch) {
        OrgBinding b = of(ch);
        return b == null ? null : b.org();
    }

    public static void set(Channel ch, OrgBinding binding) {
        ch.attr(KEY).set(binding);
    }

    /** The organisations the credentials of {@code ch} must choose from, or null when accept decided it. */
    static Map<String, String> candidates(Channel ch) {
        for (Channel c = ch; c != null; c = c.parent()) {
            if (c.hasAttr(CANDIDATES)) {
                Map<String, String> m = c.attr(CANDIDATES).get();
                if (m != null) {
                    return m;
                }
            }
        }
        return null;
    }

    static void candidates(Channel ch, Map<String, String> candidates) {
        ch.attr(CANDIDATES).set(candidates);
    }
}
