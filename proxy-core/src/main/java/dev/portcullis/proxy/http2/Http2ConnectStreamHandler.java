package dev.portcullis.proxy.http2;

import dev.portcullis.proxy.connect.Tunnel;
import dev.portcullis.proxy.tenancy.ChannelOrg;
import dev.portcullis.proxy.auth.ChannelIdentity;
import dev.portcullis.proxy.decision.GateVerdict;
import dev.portcullis.proxy.decision.PolicyBlockedException;
import dev.portcullis.proxy.errors.ErrorCode;
import dev.portcullis.proxy.errors.ErrorResponses;
import dev.portcullis.proxy.errors.FailureClassifier;
import dev.portcullis.proxy.errors.ProxyFailure;
import dev.portcullis.proxy.http.Authority;
import dev.portcullis.proxy.http.RequestIds;
import dev.portcullis.proxy.observe.AccessRecord;
import dev.portcullis.proxy.pipeline.PipelineNames;
import dev.portcullis.proxy.pipeline.ProxyServices;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.Future;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP/2 CONNECT stream (RFC 9113 §8.5): checks the request form, asks policy with the connection's addresses,
 * dials safely with the CONNECT port list exactly like the HTTP/1.1 {@code ConnectRequestHandler}, answers
 * {@code :status 200} and becomes a {@link StreamRelay} pair; or, when policy wants it inspected, answers
 * {@code :status 200} and hands the stream, as bytes ({@link StreamBytes}), to the inspection flow.
 * Policy sees the stream channel: the connection's addresses, and the stream's own identity if it proved one.
 * Refusals get the same status and
 * {@code X-Portcullis-Error} code as over HTTP/1.1, on this stream only.
 */
final class Http2ConnectStreamHandler extends ChannelInboundHandlerAdapter {
    static final String NAME = "h2-connect";

    private final ProxyServices services;
    private final Channel connection;
    private boolean started;

    Http2ConnectStreamHandler(ProxyServices services, Channel connection) {
        this.services = services;
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (started || !(msg instanceof Http2HeadersFrame frame)) {
            ReferenceCountUtil.release(msg); // nothing is read before the tunnel is up; a stray frame has no use
            return;
        }
        started = true;
        Http2Headers h = frame.headers();
        if (h.scheme() != null || h.path() != null || h.authority() == null || frame.isEndStream()) {
            // RFC 9113 §8.5: a malformed CONNECT is a stream error of type PROTOCOL_ERROR.
            ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.PROTOCOL_ERROR))
                    .addListener(f -> ctx.close());
            return;
        }
        String requestId = RequestIds.next();
        Authority target;
        try {
            target = parseTarget(h.authority().toString());
        } catch (ProxyFailure failure) {
            reject(ctx, failure, requestId, null);
            return;
        }
        GateVerdict verdict = services.policyGate().checkConnect(ctx.channel(), target);
        if (verdict.kind() != GateVerdict.Kind.ALLOW) {
            refuseByPolicy(ctx, verdict, target, h, requestId);
            return;
        }
        if (services.inspection() != null && services.inspection().decision().shouldInspect(verdict, target)) {
            inspect(ctx, target, verdict, requestId);
            return;
        }
        dial(ctx, target, verdict, h, requestId);
    }

    /**
     * The stream becomes a byte stream ({@link StreamBytes}) answered {@code :status 200}, and the HTTP/1.1
     * inspection flow takes it from there exactly as it takes a CONNECTed socket.
     */
    private void inspect(ChannelHandlerContext ctx, Authority target, GateVerdict verdict, String requestId) {
        Channel stream = ctx.channel();
        ChannelPipeline p = ctx.pipeline();
        p.addFirst(StreamBytes.NAME, new StreamBytes());
        p.remove(this);
        services.metrics().http2().stream("inspect");
        stream.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200"), false));
        services.inspection().beginOnStream(stream, target, verdict, requestId, services);
    }

    private void dial(ChannelHandlerContext ctx, Authority target, GateVerdict verdict, Http2Headers h,
                      String requestId) {
        Channel stream = ctx.channel();
        Tunnel tunnel = new Tunnel(services.accessLogger(), services.metrics(), requestId, stream,
                target.host(), target.port());
        StreamRelay upstreamRelay = StreamRelay.onUpstream(tunnel);
        GateVerdict[] dialVerdict = {verdict};
        Future<Channel> connecting = services.connector().connect(connection.eventLoop(), target.host(),
                target.port(), true, new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(PipelineNames.TUNNEL_IDLE, tunnelIdle())
                                .addLast(PipelineNames.TUNNEL_RELAY, upstreamRelay);
                    }

                    @Override
                    public boolean isSharable() {
                        return true; // one instance serves every address tried for this CONNECT
                    }
                }, address -> services.policyGate().vetoDial(stream, target.host(), target.port(), address,
                        true, dialVerdict));
        connecting.addListener(f -> {
            if (!f.isSuccess() && f.cause() instanceof PolicyBlockedException blocked) {
                refuseByPolicy(ctx, blocked.verdict(), target, h, requestId);
            } else if (!f.isSuccess()) {
                reject(ctx, FailureClassifier.upstreamFailure(target.toString(), f.cause()), requestId, target);
            } else if (!stream.isActive()) {
                connecting.getNow().close(); // the client reset the stream while we dialled
            } else {
                Channel upstream = connecting.getNow();
                GateVerdict decided = dialVerdict[0];
                tunnel.established((InetSocketAddress) upstream.remoteAddress(), decided.ruleId(), decided.ruleName());
                services.metrics().http2().stream("connect");
                upstreamRelay.peer(stream);
                becomeTunnel(ctx, tunnel, upstream);
            }
        });
    }

    private void becomeTunnel(ChannelHandlerContext ctx, Tunnel tunnel, Channel upstream) {
        Channel stream = ctx.channel();
        StreamRelay streamRelay = StreamRelay.onStream(tunnel);
        streamRelay.peer(upstream);
        ChannelPipeline p = ctx.pipeline();
        p.addLast(PipelineNames.TUNNEL_IDLE, tunnelIdle());
        p.addLast(PipelineNames.TUNNEL_RELAY, streamRelay);
        p.remove(this);
        stream.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200"), false));
        stream.read();
        upstream.read();
    }

    private IdleStateHandler tunnelIdle() {
        return new IdleStateHandler(0, 0, services.settings().tunnelIdleTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    static Authority parseTarget(String authority) throws ProxyFailure {
        if (authority.contains("/") || authority.contains("@")) {
            throw new ProxyFailure(ErrorCode.INVALID_TARGET, "CONNECT :authority must be host:port, got '"
                    + authority + "'");
        }
        Authority parsed = Authority.parse(authority, -1);
        if (parsed.port() < 0) {
            throw new ProxyFailure(ErrorCode.INVALID_TARGET, "CONNECT :authority must include a port");
        }
        return parsed;
    }

    private void refuseByPolicy(ChannelHandlerContext ctx, GateVerdict verdict, Authority target, Http2Headers h,
                                String requestId) {
        FullHttpResponse page = services.blockResponder().blocked(ctx.alloc(), ChannelOrg.orgOf(ctx.channel()),
                verdict, target.toString(), asHttp1(h), requestId, false);
        logRefusal(ctx.channel(), requestId, target, 403, "block", ErrorCode.POLICY_BLOCK.code(), verdict);
        Http2Responses.sendAndClose(ctx.channel(), page);
    }

    private void reject(ChannelHandlerContext ctx, ProxyFailure failure, String requestId, Authority target) {
        logRefusal(ctx.channel(), requestId, target, failure.code().status().code(), "error", failure.code().code(), null);
        Http2Responses.sendAndClose(ctx.channel(), ErrorResponses.of(ctx.alloc(), failure, requestId, false));
    }

    /** The block page looks at request headers (Accept: HTML or text); pseudo-headers mean nothing to it. */
    private static HttpHeaders asHttp1(Http2Headers h) {
        HttpHeaders out = new DefaultHttpHeaders();
        for (Map.Entry<CharSequence, CharSequence> e : h) {
            if (e.getKey().length() > 0 && e.getKey().charAt(0) != ':') {
                out.add(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    private void logRefusal(Channel stream, String requestId, Authority target, int status, String action,
                            String code, GateVerdict verdict) {
        InetSocketAddress remote = (InetSocketAddress) connection.remoteAddress();
        services.metrics().http2().stream("refused");
        services.accessLogger().log(ChannelIdentity.annotate(stream, new AccessRecord(Instant.now(), 0, requestId, "tunnel",
                remote.getAddress().getHostAddress(), remote.getPort(), "CONNECT",
                target == null ? null : target.toString(), target == null ? null : target.host(),
                target == null ? 0 : target.port(), null, status, 0, 0, action,
                verdict == null ? null : verdict.ruleId(), verdict == null ? null : verdict.ruleName(), code, false)));
    }
}
