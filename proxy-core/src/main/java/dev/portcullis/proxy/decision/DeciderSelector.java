package dev.portcullis.proxy.decision;

import io.netty.channel.Channel;

/**
 * Picks the decider for a client connection: the policy of the organisation it belongs to. Called on the event
 * loop before every decision, so it must be a lookup, not work; {@link PolicyGate} fails closed if it throws.
 */
@FunctionalInterface
public interface DeciderSelector {
    PolicyDecider select(Channel client);

    /** A decider that blocks everything with {@code reason}: for clients that belong to no organisation. */
    static PolicyDecider blockingAll(String reason) {
        GateVerdict block = GateVerdict.block(null, null, reason, false);
        return new PolicyDecider() {
            @Override
            public GateVerdict decideConnect(dev.portcullis.policy.gateway.ConnectionFacts facts) {
                return block;
            }

            @Override
            public GateVerdict decideNetwork(dev.portcullis.policy.gateway.ConnectionFacts facts) {
                return block;
            }

            @Override
            public GateVerdict decideRequest(dev.portcullis.policy.gateway.RequestFacts facts) {
                return block;
            }
        };
    }
}
