package dev.portcullis.proxy.inspect;

import dev.portcullis.proxy.upstream.HostLiteral;
import dev.portcullis.proxy.errors.FailureClassifier;
import dev.portcullis.proxy.http1.Authority;
import dev.portcullis.proxy.pipeline.PipelineNames;
import dev.portcullis.proxy.pipeline.ProxyServices;
import dev.portcullis.tls.context.CertificateProblem;
import dev.portcullis.tls.mint.LeafSpec;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Function;

/**
 * The origin side of an inspected CONNECT, run while the client waits after its ClientHello: dial the CONNECT
 * target through the SSRF guard, handshake with verification (SNI and hostname = the client's SNI, or the CONNECT
 * host), then have the leaf cache mint a leaf mirroring the origin's certificate, with the ALPN protocol the origin
 * chose. Minting runs on the mint executor; the result is handed back on the client's event loop.
 */
final class OriginHandshake {
    private static final Logger log = LoggerFactory.getLogger(OriginHandshake.class);
    /** HTTP/2 inside the tunnel is not implemented yet: never let an origin choose it. */
    static final String HTTP_1_1 = "http/1.1";

    private final ProxyServices services;
    private final Inspection inspection;
    private final Authority target;
    private final String name;
    private final List<String> offers;
    private final EventLoop loop;
    private final Promise<InspectPlan> promise;

    private OriginHandshake(ProxyServices services, Inspection inspection, Authority target, ClientHello hello,
                            EventLoop loop) {
        this.services = services;
        this.inspection = inspection;
        this.target = target;
        this.name = usableServerName(hello.serverName(), target.host());
        // Mirror the client's offer, restricted to what the inside of the tunnel speaks.
        this.offers = hello.alpn().contains(HTTP_1_1) ? List.of(HTTP_1_1) : List.of();
        this.loop = loop;
        this.promise = loop.newPromise();
    }

    /**
     * The client's SNI when it is a host name; otherwise the CONNECT host. Some clients put junk in SNI (hey copies
     * the Host header, port included); an IP literal is not a valid SNI either (RFC 6066 section 3).
     */
    static String usableServerName(String sni, String connectHost) {
        if (sni == null || sni.isEmpty() || sni.indexOf(':') >= 0) {
            // A colon is never in a host name: "host:port" junk or an IPv6 literal. Deciding here spares the
            // literal parser an exception per connection (hey sends "127.0.0.1:PORT" on every handshake).
            return connectHost;
        }
        HostLiteral literal = HostLiteral.parse(sni);
        return literal.kind() == HostLiteral.Kind.NAME ? literal.name() : connectHost;
    }

    static Future<InspectPlan> start(ProxyServices services, Inspection inspection, Authority target,
                                     ClientHello hello, EventLoop loop) {
        OriginHandshake h = new OriginHandshake(services, inspection, target, hello, loop);
        try {
            h.dial();
        } catch (RuntimeException e) {
            h.promise.tryFailure(e);
        }
        return h.promise;
    }

    private void dial() {
        Future<Channel> connecting = services.connector().connect(loop, target.host(), target.port(), true,
                new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(PipelineNames.INSPECT_UPSTREAM_TLS,
                                inspection.upstreamTls().newHandler(ch.alloc(), name, target.port(), offers));
                        ch.pipeline().addLast(services.upstreamHttpInitializer());
                    }
                });
        connecting.addListener(f -> {
            if (!f.isSuccess()) {
                refuse(UpstreamRefusal.of(FailureClassifier.upstreamFailure(target.toString(), f.cause())));
                return;
            }
            Channel ch = connecting.getNow();
            // An HTTP connection, not a relay: a half-closed origin is a closed one.
            ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, false);
            SslHandler ssl = (SslHandler) ch.pipeline().get(PipelineNames.INSPECT_UPSTREAM_TLS);
            ssl.handshakeFuture().addListener(hf -> {
                if (hf.isSuccess()) {
                    verified(ch, ssl);
                } else {
                    ch.close();
                    CertificateProblem problem = CertificateProblem.classify(hf.cause());
                    log.warn("origin {} (verified as {}) refused: {} ({})", target, name, problem,
                            rootMessage(hf.cause()));
                    refuse(UpstreamRefusal.certificate(problem, name));
                }
            });
            ch.read();
        });
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        for (int i = 0; i < 16 && root.getCause() != null && root.getCause() != root; i++) {
            root = root.getCause();
        }
        return root.toString();
    }

    private void verified(Channel ch, SslHandler ssl) {
        X509Certificate originLeaf;
        LeafSpec spec;
        try {
            originLeaf = (X509Certificate) ssl.engine().getSession().getPeerCertificates()[0];
            spec = LeafSpec.fromUpstream(name, originLeaf, inspection.clock(), inspection.leafValidity());
        } catch (SSLPeerUnverifiedException | RuntimeException e) {
            ch.close();
            log.warn("origin {}: cannot mirror its certificate: {}", target, e.getMessage());
            refuse(UpstreamRefusal.certificate(CertificateProblem.OTHER, name));
            return;
        }
        String chosen = ssl.applicationProtocol();
        List<String> alpn = chosen == null ? List.of() : List.of(chosen);
        InspectedOrigin origin = new InspectedOrigin(ch, target, name);
        mint(spec, alpn, tls -> new InspectPlan.Forward(tls, origin));
    }

    private void refuse(UpstreamRefusal refusal) {
        LeafSpec spec;
        try {
            spec = LeafSpec.forHost(name, inspection.clock());
        } catch (RuntimeException e) {
            promise.tryFailure(e);
            return;
        }
        mint(spec, offers, tls -> new InspectPlan.Refuse(tls, refusal));
    }

    private void mint(LeafSpec spec, List<String> alpn, Function<SslContext, InspectPlan> plan) {
        inspection.leaves().context(spec, alpn).whenComplete((tls, failure) -> loop.execute(() -> {
            if (failure != null) {
                promise.tryFailure(failure);
                plan.apply(null).discard();
                return;
            }
            InspectPlan ready = plan.apply(tls);
            if (!promise.trySuccess(ready)) {
                ready.discard();
            }
        }));
    }
}
