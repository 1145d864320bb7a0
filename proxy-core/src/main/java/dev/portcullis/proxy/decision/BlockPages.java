package dev.portcullis.proxy.decision;

import dev.portcullis.config.policy.BlockPageSettings;

/**
 * The block page settings (title, footer) of an organisation's policy in force, read per block: each tenant's users
 * see their own organisation's page.
 */
@FunctionalInterface
public interface BlockPages {
    /** @param org the organisation the client was attributed to, or null when it was not (yet) attributed */
    BlockPageSettings pageFor(String org);
}
