package dev.portcullis.proxy.inspect;

import dev.portcullis.config.InspectionSection;
import dev.portcullis.config.NotTlsAction;
import dev.portcullis.proxy.decision.GateVerdict;
import dev.portcullis.proxy.http.Authority;
import dev.portcullis.proxy.pipeline.PipelineNames;
import dev.portcullis.proxy.pipeline.ProxyServices;
import dev.portcullis.tls.ca.CertificateAuthority;
import dev.portcullis.tls.ca.KeyMaterialException;
import dev.portcullis.tls.context.ClientFacingContexts;
import dev.portcullis.tls.context.MintWarmUp;
import dev.portcullis.tls.context.UpstreamTls;
import dev.portcullis.tls.mint.LeafCache;
import dev.portcullis.tls.mint.LeafCacheStats;
import dev.portcullis.tls.mint.LeafMinter;
import dev.portcullis.tls.mint.MintListener;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The daemon-owned TLS inspection services (org CA, leaf cache and its mint threads, verified upstream contexts, the
 * inspect-or-not rule) and the entry point {@link #begin} that turns an allowed CONNECT into an inspected one.
 * Exists only when a CA is configured.
 */
public final class Inspection implements AutoCloseable {
    /** Access-log error code of a CONNECT that was to be inspected but carried no TLS. */
    public static final String NOT_TLS = "not_tls";

    private static final Logger log = LoggerFactory.getLogger(Inspection.class);
    private static final byte[] ESTABLISHED =
            "HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final LeafCache leaves;
    private final ExecutorService mintPool;
    private final UpstreamTls upstreamTls;
    private final InspectionDecision decision;
    private final NotTlsAction notTlsAction;
    private final Duration leafValidity;
    private final Clock clock = Clock.systemUTC();
    private final H2OriginPool h2Origins = new H2OriginPool(this);
    private final UnverifiedTls unverifiedTls = new UnverifiedTls();

    private Inspection(LeafCache leaves, ExecutorService mintPool, UpstreamTls upstreamTls,
                       InspectionDecision decision, NotTlsAction notTlsAction, Duration leafValidity) {
        this.leaves = leaves;
        this.mintPool = mintPool;
        this.upstreamTls = upstreamTls;
        this.decision = decision;
        this.notTlsAction = notTlsAction;
        this.leafValidity = leafValidity;
    }

    /**
     * Loads the CA named by {@code section} (which must be {@link InspectionSection#enabled()}) and builds the
     * verified upstream contexts (system trust plus {@code upstreamCaFiles}).
     *
     * @throws KeyMaterialException (a {@code CaLoadException} for the CA) naming the file and the problem; the
     *                              message never contains key material
     */
    public static Inspection create(InspectionSection section, List<Path> upstreamCaFiles,
                                    MintListener mintListener)
            throws KeyMaterialException {
        if (!section.enabled()) {
            throw new IllegalArgumentException("inspection needs inspection.ca_cert and inspection.ca_key");
        }
        CertificateAuthority ca = CertificateAuthority.load(section.caCert().get(), section.caKey().get());
        UpstreamTls.Builder upstream = UpstreamTls.builder();
        upstreamCaFiles.forEach(upstream::addTrustBundle);
        UpstreamTls upstreamTls = upstream.build();
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));
        ExecutorService mintPool = LeafCache.newMintExecutor(threads, 1024);
        LeafMinter minter = new LeafMinter(ca);
        LeafCache leaves = ClientFacingContexts.newCache(minter, mintPool, section.leafCacheSize(), mintListener);
        // Off the event loop and not awaited: the daemon listens at once; the first client no longer mints cold.
        MintWarmUp.start(minter, mintPool, MintWarmUp.DEFAULT_ROUNDS, Clock.systemUTC());
        log.info("TLS inspection on: CA '{}', {} upstream trust anchors, {} do-not-inspect suffixes configured",
                ca.certificate().getSubjectX500Principal().getName(), upstreamTls.trustAnchorCount(),
                section.doNotInspectHosts().size());
        return new Inspection(leaves, mintPool, upstreamTls,
                new InspectionDecision(new DoNotInspectHosts(section.doNotInspectHosts())), section.notTlsAction(),
                section.leafValidity());
    }

    public InspectionDecision decision() {
        return decision;
    }

    public LeafCacheStats leafCacheStats() {
        return leaves.stats();
    }

    /**
     * Called by the CONNECT handler for an allowed CONNECT that {@link #decision()} says to inspect, on the client's
     * event loop, with the CONNECT request consumed. Answers 200, removes the HTTP handlers and the CONNECT handler,
     * and installs the ClientHello reader; from there the connection is this package's.
     */
    public void begin(ChannelHandlerContext connectHandler, Authority target, GateVerdict verdict, String requestId,
                      ProxyServices services) {
        Channel client = connectHandler.channel();
        ChannelPipeline p = client.pipeline();
        ClientHelloReader reader = new ClientHelloReader(services, this, target, verdict, requestId);
        p.addLast(PipelineNames.INSPECT_HELLO, reader);
        for (String name : new String[]{PipelineNames.CLIENT_TIMEOUTS, PipelineNames.HTTP_ENCODER,
                PipelineNames.FLOW_CONTROL, PipelineNames.FORWARD_PROXY}) {
            if (p.get(name) != null) {
                p.remove(name);
            }
        }
        client.writeAndFlush(Unpooled.wrappedBuffer(ESTABLISHED));
        long helloMillis = services.settings().headerReadTimeout().toMillis();
        ScheduledFuture<?> timer = client.eventLoop().schedule(() -> {
            if (client.pipeline().get(PipelineNames.INSPECT_HELLO) != null) {
                log.debug("no ClientHello from {} for CONNECT {} within {} ms; closing", client.remoteAddress(),
                        target, helloMillis);
                client.close();
            }
        }, helloMillis, TimeUnit.MILLISECONDS);
        reader.helloTimer(timer);
        p.remove(connectHandler.handler());
        // Last: whatever the client sent after the CONNECT head flows from the decoder into the reader.
        p.remove(PipelineNames.HTTP_DECODER);
        client.read();
    }

    LeafCache leaves() {
        return leaves;
    }

    UpstreamTls upstreamTls() {
        return upstreamTls;
    }

    H2OriginPool h2Origins() {
        return h2Origins;
    }

    UnverifiedTls unverifiedTls() {
        return unverifiedTls;
    }

    Clock clock() {
        return clock;
    }

    Duration leafValidity() {
        return leafValidity;
    }

    NotTlsAction notTlsAction() {
        return notTlsAction;
    }

    /**
     * Like {@link #begin} for a channel that already carries the tunnel's raw bytes and whose CONNECT the caller has
     * answered (an HTTP/2 CONNECT stream behind a DATA-frame↔bytes adapter), holding no HTTP/1 handlers: installs the
     * ClientHello reader last in its pipeline, with the same deadline, and asks for the first bytes.
     */
    public void beginOnStream(Channel bytes, Authority target, GateVerdict verdict, String requestId,
                              ProxyServices services) {
        ClientHelloReader reader = new ClientHelloReader(services, this, target, verdict, requestId);
        bytes.pipeline().addLast(PipelineNames.INSPECT_HELLO, reader);
        long helloMillis = services.settings().headerReadTimeout().toMillis();
        reader.helloTimer(bytes.eventLoop().schedule(() -> {
            if (bytes.pipeline().get(PipelineNames.INSPECT_HELLO) != null) {
                log.debug("no ClientHello on stream from {} for CONNECT {} within {} ms; closing",
                        bytes.remoteAddress(), target, helloMillis);
                bytes.close();
            }
        }, helloMillis, TimeUnit.MILLISECONDS));
        bytes.read();
    }

    @Override
    public void close() {
        mintPool.shutdownNow();
    }
}
