package dev.portcullis.proxy.inspect;

import dev.portcullis.policy.rules.UntrustedCertAction;
import dev.portcullis.proxy.decision.GateVerdict;
import dev.portcullis.proxy.upstream.HostLiteral;
import dev.portcullis.proxy.errors.FailureClassifier;
import dev.portcullis.proxy.http.Authority;
import dev.portcullis.proxy.pipeline.PipelineNames;
import dev.portcullis.proxy.pipeline.ProxyServices;
import dev.portcullis.tls.context.CertificateProblem;
import dev.portcullis.tls.mint.LeafSpec;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
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
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Function;

/**
 * The origin side of an inspected CONNECT, run while the client waits after its ClientHello: dial the CONNECT
 * target through the SSRF guard, handshake with verification (SNI and hostname = the client's SNI, or the CONNECT
 * host) offering exactly the client's ALPN protocols among h2 and http/1.1, then have the leaf cache mint a leaf
 * mirroring the origin's certificate, with the ALPN protocol the origin chose (none: HTTP/1.1). Minting runs on the
 * mint executor; the result is handed back on the client's event loop.
 *
 * <p>When verification fails, the rule that decided to inspect says what happens ({@code untrusted_cert.action}):
 * an error page (default), a block page, or pass-through: the origin is dialled again without verification and the
 * tunnel is forwarded, with a warning naming the problem in the log.
 */
final class OriginHandshake {
    private static final Logger log = LoggerFactory.getLogger(OriginHandshake.class);
    private static final String HANDSHAKE_ERRORS = "inspect-upstream-handshake-errors";
    static final String HTTP_1_1 = "http/1.1";
    static final String H2 = "h2";

    private final ProxyServices services;
    private final Inspection inspection;
    private final Authority target;
    private final String name;
    private final List<String> offers;
    private final List<String> refusalAlpn;
    private final GateVerdict verdict;
    private final EventLoop loop;
    private final Promise<InspectPlan> promise;

    private OriginHandshake(ProxyServices services, Inspection inspection, Authority target, ClientHello hello,
                            GateVerdict verdict, EventLoop loop) {
        this.services = services;
        this.inspection = inspection;
        this.target = target;
        this.name = usableServerName(hello.serverName(), target.host());
        this.offers = mirroredOffers(hello.alpn());
        // The refusal pages speak HTTP/1.1 only.
        this.refusalAlpn = offers.contains(HTTP_1_1) ? List.of(HTTP_1_1) : List.of();
        this.verdict = verdict;
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

    /** The client's ALPN offers, in its order, restricted to what the inside of the tunnel speaks. */
    static List<String> mirroredOffers(List<String> clientOffers) {
        return clientOffers.stream().filter(p -> p.equals(H2) || p.equals(HTTP_1_1)).distinct().toList();
    }

    static Future<InspectPlan> start(ProxyServices services, Inspection inspection, Authority target,
                                     ClientHello hello, GateVerdict verdict, EventLoop loop) {
        OriginHandshake h = new OriginHandshake(services, inspection, target, hello, verdict, loop);
        try {
            h.dial(true);
        } catch (RuntimeException e) {
            h.promise.tryFailure(e);
        }
        return h.promise;
    }

    private void dial(boolean verify) {
        Future<Channel> connecting = services.connector().connect(loop, target.host(), target.port(), true,
                new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(PipelineNames.INSPECT_UPSTREAM_TLS, verify
                                ? inspection.upstreamTls().newHandler(ch.alloc(), name, target.port(), offers)
                                : inspection.unverifiedTls().newHandler(ch.alloc(), name, target.port(), offers));
                        ch.pipeline().addLast(HANDSHAKE_ERRORS, HandshakeErrors.INSTANCE);
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
                    connected(ch, ssl, verify);
                } else if (!verify) {
                    ch.close();
                    log.warn("origin {} (pass-through for {}) failed even unverified: {}", target, name,
                            rootMessage(hf.cause()));
                    refuse(UpstreamRefusal.certificate(CertificateProblem.OTHER, name));
                } else {
                    ch.close();
                    untrusted(CertificateProblem.classify(hf.cause()), hf.cause());
                }
            });
            ch.read();
        });
    }

    /**
     * Sits behind the origin's SslHandler until the handshake is done: a failed handshake is answered through the
     * handshake future (refusal page, untrusted_cert action), so the exception the SslHandler also fires is noted
     * here instead of reaching the pipeline tail as a WARN with a stack trace.
     */
    @ChannelHandler.Sharable
    private static final class HandshakeErrors extends ChannelInboundHandlerAdapter {
        static final HandshakeErrors INSTANCE = new HandshakeErrors();

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("origin connection {} failed during the TLS handshake: {}", ctx.channel().remoteAddress(),
                    cause.toString());
            ctx.close();
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        for (int i = 0; i < 16 && root.getCause() != null && root.getCause() != root; i++) {
            root = root.getCause();
        }
        return root.toString();
    }

    /** The origin's certificate did not verify: the inspecting rule's {@code untrusted_cert.action} decides. */
    private void untrusted(CertificateProblem problem, Throwable cause) {
        UntrustedCertAction action = problem == CertificateProblem.OTHER ? UntrustedCertAction.ERROR
                : verdict.untrustedCert();
        String rule = verdict.ruleName() != null ? verdict.ruleName() : verdict.ruleId();
        switch (action) {
            case PASS_THROUGH -> {
                log.warn("origin {} (as {}) failed verification: {} ({}); forwarding anyway because rule '{}' says "
                        + "untrusted_cert pass_through; tls.untrusted=true", target, name, problem,
                        rootMessage(cause), rule);
                dial(false);
            }
            case BLOCK -> {
                log.warn("origin {} (as {}) failed verification: {} ({}); blocked by rule '{}' (untrusted_cert "
                        + "block)", target, name, problem, rootMessage(cause), rule);
                refuse(UpstreamRefusal.blocked(problem, name, rule));
            }
            case ERROR -> {
                log.warn("origin {} (verified as {}) refused: {} ({})", target, name, problem, rootMessage(cause));
                refuse(UpstreamRefusal.certificate(problem, name));
            }
        }
    }

    private void connected(Channel ch, SslHandler ssl, boolean verified) {
        ch.pipeline().remove(HANDSHAKE_ERRORS); // from here on, the HTTP handlers see the connection's errors
        X509Certificate originLeaf;
        LeafSpec spec;
        try {
            originLeaf = (X509Certificate) ssl.engine().getSession().getPeerCertificates()[0];
            // An unverified certificate is not mirrored (its dates or names are what failed): a plain leaf for
            // the name asked for is.
            spec = verified ? LeafSpec.fromUpstream(name, originLeaf, inspection.clock(), inspection.leafValidity())
                    : LeafSpec.forHost(name, inspection.clock());
        } catch (SSLPeerUnverifiedException | RuntimeException e) {
            ch.close();
            log.warn("origin {}: cannot mirror its certificate: {}", target, e.getMessage());
            refuse(UpstreamRefusal.certificate(CertificateProblem.OTHER, name));
            return;
        }
        String chosen = ssl.applicationProtocol();
        List<String> alpn = chosen == null ? List.of() : List.of(chosen);
        InspectedOrigin origin = new InspectedOrigin(ch, target, name, !verified);
        OriginKey h2 = null;
        if (H2.equals(chosen)) {
            InetSocketAddress remote = (InetSocketAddress) ch.remoteAddress();
            h2 = new OriginKey(target.host(), target.port(), name, remote.getAddress(), verified);
            inspection.h2Origins().adopt(ch, h2, services);
        } else {
            ch.pipeline().addLast(services.upstreamHttpInitializer());
        }
        OriginKey key = h2;
        mint(spec, alpn, tls -> new InspectPlan.Forward(tls, origin, key));
    }

    private void refuse(UpstreamRefusal refusal) {
        LeafSpec spec;
        try {
            spec = LeafSpec.forHost(name, inspection.clock());
        } catch (RuntimeException e) {
            promise.tryFailure(e);
            return;
        }
        mint(spec, refusalAlpn, tls -> new InspectPlan.Refuse(tls, refusal));
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
