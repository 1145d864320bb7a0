package dev.portcullis.proxy.pipeline;

import dev.portcullis.proxy.decision.BlockResponder;
import dev.portcullis.proxy.decision.PolicyGate;
import dev.portcullis.proxy.inspect.Inspection;
import dev.portcullis.proxy.observe.AccessLogger;
import dev.portcullis.proxy.observe.ProxyMetrics;
import dev.portcullis.proxy.pac.PacResponder;
import dev.portcullis.proxy.upstream.UpstreamConnector;
import dev.portcullis.proxy.upstream.UpstreamHttpInitializer;
import dev.portcullis.proxy.upstream.UpstreamPools;

/**
 * The daemon-owned services every client connection shares.
 *
 * @param inspection TLS inspection, or {@code null} when no CA is configured (every CONNECT is a plain tunnel)
 */
public record ProxyServices(ProxySettings settings,
                            UpstreamConnector connector,
                            UpstreamPools pools,
                            UpstreamHttpInitializer upstreamHttpInitializer,
                            PolicyGate policyGate,
                            BlockResponder blockResponder,
                            AccessLogger accessLogger,
                            ConnectionLimiter connectionLimiter,
                            ProxyMetrics metrics,
                            PacResponder pac,
                            Inspection inspection) {

    /** Services whose metrics go nowhere and that serve no PAC file (pipelines built without a daemon). */
    public ProxyServices(ProxySettings settings, UpstreamConnector connector, UpstreamPools pools,
                         UpstreamHttpInitializer upstreamHttpInitializer, PolicyGate policyGate,
                         BlockResponder blockResponder, AccessLogger accessLogger,
                         ConnectionLimiter connectionLimiter) {
        this(settings, connector, pools, upstreamHttpInitializer, policyGate, blockResponder, accessLogger,
                connectionLimiter, ProxyMetrics.unpublished(), PacResponder.disabled(), null);
    }
}
