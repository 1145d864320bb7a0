package dev.portcullis.proxy.inspect;

import dev.portcullis.config.NotTlsAction;
import dev.portcullis.proxy.decision.GateVerdict;
import dev.portcullis.proxy.http.Authority;
import dev.portcullis.proxy.http1.ClientCodec;
import dev.portcullis.proxy.observe.AccessRecord;
import dev.portcullis.proxy.pipeline.ClientTimeouts;
import dev.portcullis.proxy.pipeline.MessagePacer;
import dev.portcullis.proxy.pipeline.PipelineNames;
import dev.portcullis.proxy.pipeline.ProxyServices;
import dev.portcullis.proxy.pipeline.ProxySettings;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.ssl.SslClientHelloHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * Holds the client's first bytes after the 200 until its ClientHello is complete, reads SNI and ALPN offers from it,
 * and waits (reads suppressed) while {@link OriginHandshake} connects and verifies the origin and a leaf is minted.
 * Then it steps aside: the client-facing {@link SslHandler} takes its place and receives the buffered ClientHello,
 * followed by the HTTP/1.1 codec and {@link InspectedConnection} (or {@link UpstreamRefusalPage}).
 */
final class ClientHelloReader extends SslClientHelloHandler<InspectPlan> {
    private static final Logger log = LoggerFactory.getLogger(ClientHelloReader.class);

    private final ProxyServices services;
    private final Inspection inspection;
    private final Authority target;
    private final GateVerdict verdict;
    private final String requestId;
    private ScheduledFuture<?> helloTimer;
    private boolean looked;

    ClientHelloReader(ProxyServices services, Inspection inspection, Authority target, GateVerdict verdict,
                      String requestId) {
        this.services = services;
        this.inspection = inspection;
        this.target = target;
        this.verdict = verdict;
        this.requestId = requestId;
    }

    void helloTimer(ScheduledFuture<?> timer) {
        this.helloTimer = timer;
    }

    @Override
    protected Future<InspectPlan> lookup(ChannelHandlerContext ctx, ByteBuf clientHello) {
        if (helloTimer != null) {
            helloTimer.cancel(false);
        }
        if (looked) {
            // The decoder may call again with bytes that came after a refusal (e.g. while closing): decided already.
            return ctx.executor().newSucceededFuture(new InspectPlan.NotTls());
        }
        looked = true;
        if (clientHello == null) {
            return notTls(ctx);
        }
        ClientHello hello;
        try {
            hello = ClientHello.parse(clientHello);
        } catch (IllegalArgumentException e) {
            return ctx.executor().newFailedFuture(e);
        }
        return OriginHandshake.start(services, inspection, target, hello, verdict, ctx.channel().eventLoop());
    }

    @Override
    protected void onLookupComplete(ChannelHandlerContext ctx, Future<InspectPlan> future) {
        if (!future.isSuccess()) {
            log.warn("inspection of CONNECT {} from {} failed: {}", target, ctx.channel().remoteAddress(),
                    future.cause().toString());
            ctx.close();
            return;
        }
        InspectPlan plan = future.getNow();
        if (!ctx.channel().isActive()) {
            plan.discard();
            return;
        }
        if (plan instanceof InspectPlan.Forward forward && forward.h2() != null) {
            becomeH2(ctx, forward);
        } else if (plan instanceof InspectPlan.Forward forward) {
            becomeTls(ctx, forward.tls(), timeouts -> new InspectedConnection(services, forward.origin(), timeouts));
        } else if (plan instanceof InspectPlan.Refuse refuse) {
            becomeTls(ctx, refuse.tls(),
                    timeouts -> new UpstreamRefusalPage(target, refuse.refusal(), services.accessLogger()));
        } else if (plan instanceof InspectPlan.Relay relay) {
            // The bytes held here so far flow into the relay, and on to the origin.
            ctx.pipeline().replace(this, PipelineNames.TUNNEL_RELAY, new RawRelay(relay.upstream()));
            ctx.channel().read();
            relay.upstream().read();
        } else {
            ctx.close();
        }
    }

    private void becomeTls(ChannelHandlerContext ctx, io.netty.handler.ssl.SslContext tls,
                           java.util.function.Function<ClientTimeouts, ChannelHandler> last) {
        ProxySettings s = services.settings();
        ClientTimeouts timeouts = new ClientTimeouts(s.clientIdleTimeout(), s.headerReadTimeout());
        ClientCodec codec = new ClientCodec(decoderConfig(s));
        ChannelPipeline p = ctx.pipeline();
        // Behind the TLS handler, so the 408 it may write is encrypted like everything else.
        p.addLast(PipelineNames.CLIENT_TIMEOUTS, timeouts);
        p.addLast(PipelineNames.HTTP_DECODER, codec.decoder());
        p.addLast(PipelineNames.HTTP_ENCODER, codec.encoder());
        p.addLast(PipelineNames.FLOW_CONTROL, new MessagePacer());
        p.addLast(PipelineNames.INSPECT_HANDLER, last.apply(timeouts));
        // Last: the buffered ClientHello flows from this handler into the TLS handler that replaces it.
        p.replace(this, PipelineNames.INSPECT_TLS, tls.newHandler(ctx.alloc()));
        // A client that completes the handshake and then sends nothing is held only for the idle timeout.
        timeouts.awaitingRequest();
    }

    /** The origin chose h2, so the client's handshake will too (its context offers only h2): HTTP/2 both ways. */
    private void becomeH2(ChannelHandlerContext ctx, InspectPlan.Forward forward) {
        ChannelPipeline p = ctx.pipeline();
        OriginLink link = new PooledH2Origin(inspection.h2Origins(), forward.h2(), ctx.channel().eventLoop(),
                services);
        // TLS first: the frame codec writes its SETTINGS as soon as it is added, and they must be encrypted. The
        // buffered ClientHello flows into the TLS handler now; the handshake cannot finish before the codec is in.
        p.replace(this, PipelineNames.INSPECT_TLS, forward.tls().newHandler(ctx.alloc()));
        InspectedH2Client.configure(p, services, forward.origin(), link);
        ctx.channel().config().setAutoRead(true);
    }

    /** Logs the not-TLS CONNECT, then blocks it or dials the origin for a plain relay (reads held meanwhile). */
    private Future<InspectPlan> notTls(ChannelHandlerContext ctx) {
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        NotTlsAction action = inspection.notTlsAction();
        log.warn("CONNECT {} from {} carried no TLS ClientHello; {} (inspection not-TLS action)", target,
                remote, action == NotTlsAction.BLOCK ? "closing" : "relaying it uninspected");
        services.accessLogger().log(new AccessRecord(Instant.now(), 0, requestId, "tunnel",
                remote.getAddress().getHostAddress(), remote.getPort(), "CONNECT", target.toString(), target.host(),
                target.port(), null, 0, 0, 0, action == NotTlsAction.BLOCK ? "block" : "allow",
                verdict.ruleId(), verdict.ruleName(), Inspection.NOT_TLS, false));
        if (action == NotTlsAction.BLOCK) {
            return ctx.executor().newSucceededFuture(new InspectPlan.NotTls());
        }
        Channel client = ctx.channel();
        Promise<InspectPlan> promise = ctx.executor().newPromise();
        Future<Channel> connecting = services.connector().connect(client.eventLoop(), target.host(), target.port(),
                true, new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(PipelineNames.TUNNEL_RELAY, new RawRelay(client));
                    }
                });
        connecting.addListener(f -> {
            if (!f.isSuccess()) {
                promise.tryFailure(f.cause());
                return;
            }
            Channel upstream = connecting.getNow();
            upstream.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, false);
            if (!promise.trySuccess(new InspectPlan.Relay(upstream))) {
                upstream.close();
            }
        });
        return promise;
    }

    static HttpDecoderConfig decoderConfig(ProxySettings s) {
        return new HttpDecoderConfig()
                .setMaxInitialLineLength(s.maxInitialLineLength())
                .setMaxHeaderSize(s.maxHeaderSize())
                .setMaxChunkSize(s.maxChunkSize())
                .setValidateHeaders(true)
                .setStrictLineParsing(true)
                .setUseRfc9112TransferEncoding(true)
                .setAllowDuplicateContentLengths(false);
    }
}
