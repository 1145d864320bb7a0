package dev.portcullis.proxy.decision;

import dev.portcullis.proxy.context.ContextBuilder;
import dev.portcullis.proxy.http.Authority;
import dev.portcullis.proxy.http.RequestTarget;
import dev.portcullis.proxy.observe.ProxyMetrics;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Asks the current {@link PolicyDecider} and fails closed: an exception in policy blocks, it never allows
 * (Envoy's {@code failure_mode_allow=false}). Decisions are made twice for a new connection: on the name before
 * resolving (so a blocked host costs no DNS query), and on the address actually dialled (rules on IPs).
 */
public final class PolicyGate {
    private static final Logger log = LoggerFactory.getLogger(PolicyGate.class);
    private static final GateVerdict FAILED = GateVerdict.block(null, null, "policy evaluation failed", false);

    private final DeciderSelector decider;
    private final ProxyMetrics metrics;

    /** One decider for every client (a daemon with one organisation, tests). */
    public PolicyGate(Supplier<PolicyDecider> decider, ProxyMetrics metrics) {
        this((DeciderSelector) client -> decider.get(), metrics);
    }

    /** The decider of each client's organisation. */
    public PolicyGate(DeciderSelector decider, ProxyMetrics metrics) {
        this.decider = decider;
        this.metrics = metrics;
    }

    private GateVerdict timed(long start, String phase, GateVerdict verdict) {
        metrics.policyDecision(System.nanoTime() - start, phase, verdict.kind().name().toLowerCase(Locale.ROOT));
        return verdict;
    }

    /** A CONNECT, before its host is resolved. */
    public GateVerdict checkConnect(Channel client, Authority target) {
        try {
            long start = System.nanoTime();
            PolicyDecider d = decider.select(client);
            return timed(start, "connect", d.decideConnect(ContextBuilder.connection(client, target, null)));
        } catch (RuntimeException e) {
            log.error("policy evaluation failed for CONNECT {}; blocking", target, e);
            return FAILED;
        }
    }

    /**
     * The address a new upstream connection is about to dial.
     *
     * @param tunnel true for a CONNECT (the full connect decision, which also says whether to inspect); false for
     *               plain HTTP (network rules only: the request rules were already applied)
     */
    public GateVerdict checkDial(Channel client, String host, int port, InetAddress address, boolean tunnel) {
        try {
            long start = System.nanoTime();
            PolicyDecider d = decider.select(client);
            var facts = ContextBuilder.connection(client, host, port, address, null);
            return timed(start, tunnel ? "connect" : "network", tunnel ? d.decideConnect(facts) : d.decideNetwork(facts));
        } catch (RuntimeException e) {
            log.error("policy evaluation failed for a connection to {}:{} ({}); blocking", host, port, address, e);
            return FAILED;
        }
    }

    public GateVerdict checkRequest(Channel client, RequestTarget target, HttpRequest request, String scheme) {
        try {
            long start = System.nanoTime();
            PolicyDecider d = decider.select(client);
            return timed(start, "request", d.decideRequest(ContextBuilder.request(client, target, request, scheme, null)));
        } catch (RuntimeException e) {
            log.error("policy evaluation failed for {}; blocking", target.url(), e);
            return FAILED;
        }
    }

    /** The dial-time veto for {@code UpstreamConnector}: null to go ahead, or the block. */
    public PolicyBlockedException vetoDial(Channel client, String host, int port, InetAddress address,
                                           boolean tunnel, GateVerdict[] decided) {
        GateVerdict v = checkDial(client, host, port, address, tunnel);
        decided[0] = v;
        return v.allowed() ? null : new PolicyBlockedException(v);
    }
}
