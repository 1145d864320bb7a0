package dev.portcullis.proxy.decision;

import dev.portcullis.proxy.context.ContextBuilder;
import dev.portcullis.proxy.http1.Authority;
import dev.portcullis.proxy.http1.RequestTarget;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * Asks the current {@link PolicyDecider} and fails closed: an exception in policy blocks, it never allows
 * (Envoy's {@code failure_mode_allow=false}).
 */
public final class PolicyGate {
    private static final Logger log = LoggerFactory.getLogger(PolicyGate.class);

    private final Supplier<PolicyDecider> decider;

    public PolicyGate(Supplier<PolicyDecider> decider) {
        this.decider = decider;
    }

    public GateVerdict checkConnect(Channel client, Authority target) {
        try {
            return decider.get().decideConnect(ContextBuilder.connect(client, target));
        } catch (RuntimeException e) {
            log.error("policy evaluation failed for CONNECT {}; blocking", target, e);
            return GateVerdict.block(null, null, "policy evaluation failed", false);
        }
    }

    public GateVerdict checkRequest(Channel client, RequestTarget target, HttpRequest request) {
        return checkRequest(client, target, request, "http");
    }

    /** {@code scheme} is "https" for requests decrypted inside an inspected tunnel. */
    public GateVerdict checkRequest(Channel client, RequestTarget target, HttpRequest request, String scheme) {
        try {
            return decider.get().decideRequest(ContextBuilder.request(client, target, request, scheme));
        } catch (RuntimeException e) {
            log.error("policy evaluation failed for {}; blocking", target.url(), e);
            return GateVerdict.block(null, null, "policy evaluation failed", false);
        }
    }
}
