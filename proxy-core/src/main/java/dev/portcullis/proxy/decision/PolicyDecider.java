package dev.portcullis.proxy.decision;

import dev.portcullis.policy.gateway.ConnectionFacts;
import dev.portcullis.policy.gateway.RequestFacts;

/**
 * The seam between protocol code and policy: plain facts in, a verdict out, no Netty types. Implementations must
 * be fast (they run on the event loop); {@link PolicyGate} fails closed if one throws.
 */
public interface PolicyDecider {
    /** A CONNECT: network rules, then the do-not-inspect/inspect rules, then host-level HTTP rules. */
    GateVerdict decideConnect(ConnectionFacts facts);

    /** A new upstream connection for plain HTTP: network (l4) rules on the address about to be dialled. */
    GateVerdict decideNetwork(ConnectionFacts facts);

    /** One HTTP request, plain or decrypted. */
    GateVerdict decideRequest(RequestFacts facts);

    /**
     * Allows everything, and inspects every CONNECT when the daemon has a CA (minus the do-not-inspect hosts); the
     * destination guard still applies.
     */
    PolicyDecider ALLOW_ALL = new PolicyDecider() {
        private final GateVerdict allow = GateVerdict.allow("no policy");
        private final GateVerdict allowAndInspect = GateVerdict.allowAndInspect("no policy");

        @Override
        public GateVerdict decideConnect(ConnectionFacts facts) {
            return allowAndInspect;
        }

        @Override
        public GateVerdict decideNetwork(ConnectionFacts facts) {
            return allow;
        }

        @Override
        public GateVerdict decideRequest(RequestFacts facts) {
            return allow;
        }
    };
}
