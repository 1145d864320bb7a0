package dev.portcullis.proxy.tenancy;

import dev.portcullis.policy.gateway.Identity;
import dev.portcullis.proxy.auth.ChannelIdentity;
import dev.portcullis.proxy.decision.DeciderSelector;
import dev.portcullis.proxy.decision.PolicyDecider;
import io.netty.channel.Channel;

import java.util.Map;
import java.util.function.Function;

/**
 * The policy of a client's organisation: the one the connection was attributed to when accepted, or, on a
 * listener that several organisations share without source ranges, the one whose users file or device tokens
 * accepted its credentials (looked up afresh for every decision, since an HTTP/1.1 client may change credentials
 * between requests). A client that belongs to no organisation, or that presents another organisation's credentials
 * at an endpoint, is blocked, with the reason.
 */
public final class OrgDeciders implements DeciderSelector {
    private static final PolicyDecider UNATTRIBUTED = DeciderSelector.blockingAll(
            "the connection was not attributed to any organisation");
    private static final PolicyDecider NO_CREDENTIALS = DeciderSelector.blockingAll(
            "this listener is shared by several organisations: credentials are needed to tell which one");

    private final Map<String, PolicyDecider> byOrg;
    private final Function<Identity, String> orgOfIdentity;

    /**
     * @param byOrg         every organisation's decider
     * @param orgOfIdentity the organisation whose credentials proved an identity, or null
     */
    public OrgDeciders(Map<String, PolicyDecider> byOrg, Function<Identity, String> orgOfIdentity) {
        this.byOrg = Map.copyOf(byOrg);
        this.orgOfIdentity = orgOfIdentity;
    }

    @Override
    public PolicyDecider select(Channel client) {
        Map<String, String> candidates = ChannelOrg.candidates(client);
        Identity id = ChannelIdentity.of(client);
        if (candidates == null) {
            OrgBinding b = ChannelOrg.of(client);
            PolicyDecider d = b == null ? null : byOrg.get(b.org());
            if (d == null) {
                return UNATTRIBUTED;
            }
            // Credentials of one tenant must not pass at another tenant's endpoint: its policy would judge a
            // stranger's identity.
            String owner = id == Identity.ANONYMOUS ? null : orgOfIdentity.apply(id);
            return owner == null || owner.equals(b.org()) ? d : DeciderSelector.blockingAll("the credentials belong"
                    + " to organisation '" + owner + "', not to '" + b.org() + "' whose endpoint this is");
        }
        if (id == Identity.ANONYMOUS) {
            return NO_CREDENTIALS;
        }
        String org = orgOfIdentity.apply(id);
        if (org == null || !candidates.containsKey(org)) {
            return DeciderSelector.blockingAll(org == null ? "the credentials belong to no organisation"
                    : "organisation '" + org + "' has no endpoint on this listener");
        }
        ChannelOrg.set(client, new OrgBinding(org, candidates.get(org)));
        return byOrg.get(org);
    }
}
