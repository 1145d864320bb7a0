package dev.portcullis.proxy.connect;

import dev.portcullis.proxy.tenancy.ChannelOrg;
import dev.portcullis.proxy.decision.GateVerdict;
import dev.portcullis.proxy.decision.PolicyBlockedException;
import dev.portcullis.proxy.errors.ErrorCode;
import dev.portcullis.proxy.errors.ErrorResponses;
import dev.portcullis.proxy.errors.FailureClassifier;
import dev.portcullis.proxy.errors.ProxyFailure;
import dev.portcullis.proxy.http.Authority;
import dev.portcullis.proxy.inspect.Inspection;
import dev.portcullis.proxy.http.RequestIds;
import dev.portcullis.proxy.auth.ChannelIdentity;
import dev.portcullis.proxy.observe.AccessRecord;
import dev.portcullis.proxy.pipeline.PipelineNames;
import dev.portcullis.proxy.pipeline.ProxyServices;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Turns a CONNECT request into a TCP tunnel: policy, safe dialing (with the CONNECT port allow-list), then pipeline
 * surgery — the HTTP handlers leave, a {@link TunnelRelay} takes their place on each side. Any bytes the client sent
 * after the CONNECT head are still in the decoder and reach the origin when it is removed. A CONNECT to be inspected
 * (a CA is configured and {@code InspectionDecision} says so) is handed to {@link Inspection#begin} instead.
 */
public final class ConnectRequestHandler extends ChannelInboundHandlerAdapter {
    private static final byte[] ESTABLISHED =
            "HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ProxyServices services;
    private boolean started;

    public ConnectRequestHandler(ProxyServices services) {
        this.services = services;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (started || !(msg instanceof HttpRequest request)) {
            // The CONNECT request's empty last content, or anything after it before the tunnel is up.
            ReferenceCountUtil.release(msg);
            return;
        }
        started = true;
        ReferenceCountUtil.release(msg);
        String requestId = RequestIds.next();
        Authority target;
        try {
            target = parseTarget(request.uri());
        } catch (ProxyFailure failure) {
            reject(ctx, failure, requestId, null);
            return;
        }
        GateVerdict verdict = services.policyGate().checkConnect(ctx.channel(), target);
        if (verdict.kind() != GateVerdict.Kind.ALLOW) {
            refuseByPolicy(ctx, verdict, target, request, requestId);
            return;
        }
        Inspection inspection = services.inspection();
        if (inspection != null && inspection.decision().shouldInspect(verdict, target)) {
            inspection.begin(ctx, target, verdict, requestId, services);
            return;
        }
        Channel client = ctx.channel();
        Tunnel tunnel = new Tunnel(services.accessLogger(), services.metrics(), requestId, client, target.host(),
                target.port());
        GateVerdict[] dialVerdict = {verdict};
        Future<Channel> connecting = services.connector().connect(client.eventLoop(), target.host(), target.port(),
                true, new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(PipelineNames.TUNNEL_IDLE, tunnelIdle())
                                .addLast(PipelineNames.TUNNEL_RELAY, new TunnelRelay(tunnel, false));
                    }

                    @Override
                    public boolean isSharable() {
                        return true; // one instance serves every address tried for this CONNECT
                    }
                }, address -> services.policyGate().vetoDial(client, target.host(), target.port(), address, true,
                        dialVerdict));
        connecting.addListener(f -> {
            if (!f.isSuccess() && f.cause() instanceof PolicyBlockedException blocked) {
                refuseByPolicy(ctx, blocked.verdict(), target, request, requestId);
                return;
            }
            if (!f.isSuccess()) {
                ProxyFailure failure = FailureClassifier.upstreamFailure(target.toString(), f.cause());
                reject(ctx, failure, requestId, target);
                return;
            }
            Channel upstream = connecting.getNow();
            if (!client.isActive()) {
                upstream.close();
                return;
            }
            GateVerdict decided = dialVerdict[0];
            tunnel.established((InetSocketAddress) upstream.remoteAddress(), decided.ruleId(), decided.ruleName());
            ((TunnelRelay) upstream.pipeline().get(PipelineNames.TUNNEL_RELAY)).peer(client);
            becomeTunnel(ctx, tunnel, upstream);
        });
    }

    private void becomeTunnel(ChannelHandlerContext ctx, Tunnel tunnel, Channel upstream) {
        Channel client = ctx.channel();
        client.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        TunnelSockets.forBulk(client);
        TunnelSockets.forBulk(upstream);
        TunnelRelay clientRelay = new TunnelRelay(tunnel, true);
        clientRelay.peer(upstream);
        ChannelPipeline p = ctx.pipeline();
        p.addLast(PipelineNames.TUNNEL_IDLE, tunnelIdle());
        p.addLast(PipelineNames.TUNNEL_RELAY, clientRelay);
        for (String name : new String[]{PipelineNames.CLIENT_TIMEOUTS, PipelineNames.HTTP_ENCODER,
                PipelineNames.FLOW_CONTROL, PipelineNames.FORWARD_PROXY}) {
            if (p.get(name) != null) {
                p.remove(name);
            }
        }
        client.writeAndFlush(Unpooled.wrappedBuffer(ESTABLISHED));
        p.remove(this);
        // Last: whatever the client sent after the CONNECT head flows from the decoder into the relay.
        p.remove(PipelineNames.HTTP_DECODER);
        client.read();
        upstream.read();
    }

    private void refuseByPolicy(ChannelHandlerContext ctx, GateVerdict verdict, Authority target, HttpRequest request,
                                String requestId) {
        FullHttpResponse page = services.blockResponder().blocked(ctx.alloc(), ChannelOrg.orgOf(ctx.channel()),
                verdict, target.toString(), request.headers(), requestId, true);
        logRefusal(ctx, requestId, target, 403, "block", ErrorCode.POLICY_BLOCK, verdict);
        ctx.writeAndFlush(page).addListener(ChannelFutureListener.CLOSE);
    }

    private IdleStateHandler tunnelIdle() {
        return new IdleStateHandler(0, 0, services.settings().tunnelIdleTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static Authority parseTarget(String uri) throws ProxyFailure {
        if (uri.contains("/") || uri.contains("@")) {
            throw new ProxyFailure(ErrorCode.INVALID_TARGET, "CONNECT needs an authority-form target (host:port)");
        }
        Authority authority = Authority.parse(uri, -1);
        if (authority.port() < 0) {
            throw new ProxyFailure(ErrorCode.INVALID_TARGET, "CONNECT target must include a port");
        }
        return authority;
    }

    private void reject(ChannelHandlerContext ctx, ProxyFailure failure, String requestId, Authority target) {
        logRefusal(ctx, requestId, target, failure.code().status().code(), "error", failure.code(), null);
        ctx.writeAndFlush(ErrorResponses.of(ctx.alloc(), failure, requestId, true))
                .addListener(ChannelFutureListener.CLOSE);
    }

    private void logRefusal(ChannelHandlerContext ctx, String requestId, Authority target, int status, String action,
                            ErrorCode code, GateVerdict verdict) {
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        services.accessLogger().log(ChannelIdentity.annotate(ctx.channel(), new AccessRecord(Instant.now(), 0, requestId, "tunnel",
                remote.getAddress().getHostAddress(), remote.getPort(), "CONNECT",
                target == null ? null : target.toString(), target == null ? null : target.host(),
                target == null ? 0 : target.port(), null, status, 0, 0, action,
                verdict == null ? null : verdict.ruleId(), verdict == null ? null : verdict.ruleName(),
                code == null ? null : code.code(), false)));
    }
}
