package dev.portcullis.proxy.decision;

import dev.portcullis.proxy.context.ConnectFacts;
import dev.portcullis.proxy.context.HttpRequestFacts;

/**
 * The seam between protocol code and policy: plain facts in, a verdict out, no Netty types. Implementations must
 * be fast (they run on the event loop) and must not throw; {@link PolicyGate} still fails closed if one does.
 */
public interface PolicyDecider {
    GateVerdict decideConnect(ConnectFacts facts);

    GateVerdict decideRequest(HttpRequestFacts facts);

    /** Allows everything; the destination guard still applies. */
    PolicyDecider ALLOW_ALL = new PolicyDecider() {
        @Override
        public GateVerdict decideConnect(ConnectFacts facts) {
            return GateVerdict.allow("no policy");
        }

        @Override
        public GateVerdict decideRequest(HttpRequestFacts facts) {
            return GateVerdict.allow("no policy");
        }
    };
}
