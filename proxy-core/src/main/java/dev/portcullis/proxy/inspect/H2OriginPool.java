package dev.portcullis.proxy.inspect;

import dev.portcullis.proxy.errors.ErrorCode;
import dev.portcullis.proxy.errors.FailureClassifier;
import dev.portcullis.proxy.errors.ProxyFailure;
import dev.portcullis.proxy.pipeline.PipelineNames;
import dev.portcullis.proxy.pipeline.ProxyServices;
import dev.portcullis.tls.context.CertificateProblem;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The daemon's HTTP/2 origin connections for inspected tunnels, per event loop (so no locks: everything here runs on
 * the loop that owns the map) and per {@link OriginKey}. A stream goes on the first connection with room; when none
 * has room (all at the origin's concurrency limit, or going away) a new connection is dialled to the same address.
 */
final class H2OriginPool {
    private static final String H2 = "h2";

    private final Inspection inspection;
    private final FastThreadLocal<Map<OriginKey, List<H2Origin>>> byLoop = new FastThreadLocal<>() {
        @Override
        protected Map<OriginKey, List<H2Origin>> initialValue() {
            return new HashMap<>();
        }
    };

    /** Dials in progress, so that requests arriving meanwhile wait for the new connection instead of dialling too. */
    private final FastThreadLocal<Map<OriginKey, Future<H2Origin>>> dialing = new FastThreadLocal<>() {
        @Override
        protected Map<OriginKey, Future<H2Origin>> initialValue() {
            return new HashMap<>();
        }
    };

    H2OriginPool(Inspection inspection) {
        this.inspection = inspection;
    }

    /** Installs HTTP/2 on a connection that negotiated h2 and lends it out; call on the channel's loop. */
    H2Origin adopt(Channel ch, OriginKey key, ProxyServices services) {
        H2Origin origin = H2Origin.install(ch, key, services.settings(), this::forget);
        byLoop.get().computeIfAbsent(key, k -> new ArrayList<>()).add(origin);
        return origin;
    }

    /** Number of HTTP/2 origin connections the calling loop may still lend (for tests). */
    int size() {
        return byLoop.get().values().stream().mapToInt(List::size).sum();
    }

    private void forget(H2Origin origin) {
        Map<OriginKey, List<H2Origin>> map = byLoop.get();
        List<H2Origin> list = map.get(origin.key());
        if (list != null) {
            list.remove(origin);
            if (list.isEmpty()) {
                map.remove(origin.key());
            }
        }
    }

    /** A connection for {@code key} with room for one more stream, dialling one if needed; runs on {@code loop}. */
    Future<H2Origin> acquire(EventLoop loop, OriginKey key, ProxyServices services) {
        List<H2Origin> list = byLoop.get().get(key);
        if (list != null) {
            for (H2Origin origin : list) {
                if (origin.canOpenStream()) {
                    return loop.newSucceededFuture(origin);
                }
            }
        }
        Map<OriginKey, Future<H2Origin>> pending = dialing.get();
        Future<H2Origin> inProgress = pending.get(key);
        if (inProgress != null) {
            Promise<H2Origin> later = loop.newPromise();
            inProgress.addListener(f -> {
                if (!f.isSuccess()) {
                    later.tryFailure(f.cause());
                    return;
                }
                acquire(loop, key, services).addListener(again -> {
                    if (again.isSuccess()) {
                        later.trySuccess((H2Origin) again.getNow());
                    } else {
                        later.tryFailure(again.cause());
                    }
                });
            });
            return later;
        }
        Future<H2Origin> dialled = dial(loop, key, services);
        if (!dialled.isDone()) {
            pending.put(key, dialled);
            dialled.addListener(f -> pending.remove(key, dialled));
        }
        return dialled;
    }

    private Future<H2Origin> dial(EventLoop loop, OriginKey key, ProxyServices services) {
        Promise<H2Origin> promise = loop.newPromise();
        String authority = key.host() + ":" + key.port();
        // The address the first connection was verified at, so the new one lands under the same key.
        Future<Channel> connecting = services.connector().connect(loop, key.address().getHostAddress(), key.port(),
                true, new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(PipelineNames.INSPECT_UPSTREAM_TLS, key.verified()
                                ? inspection.upstreamTls().newHandler(ch.alloc(), key.serverName(), key.port(),
                                List.of(H2))
                                : inspection.unverifiedTls().newHandler(ch.alloc(), key.serverName(), key.port(),
                                List.of(H2)));
                    }
                });
        connecting.addListener(f -> {
            if (!f.isSuccess()) {
                promise.tryFailure(FailureClassifier.upstreamFailure(authority, f.cause()));
                return;
            }
            Channel ch = connecting.getNow();
            ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, false);
            SslHandler ssl = (SslHandler) ch.pipeline().get(PipelineNames.INSPECT_UPSTREAM_TLS);
            ssl.handshakeFuture().addListener(hf -> {
                if (!hf.isSuccess()) {
                    ch.close();
                    promise.tryFailure(new ProxyFailure(ErrorCode.UPSTREAM_PROTOCOL_ERROR, authority
                            + ": the certificate no longer verifies: " + CertificateProblem.classify(hf.cause())
                            .sentence(), hf.cause()));
                } else if (!H2.equals(ssl.applicationProtocol())) {
                    ch.close();
                    promise.tryFailure(new ProxyFailure(ErrorCode.UPSTREAM_PROTOCOL_ERROR,
                            authority + " no longer offers h2"));
                } else {
                    H2Origin origin = adopt(ch, key, services);
                    if (!promise.trySuccess(origin)) {
                        ch.close();
                    }
                }
            });
            ch.read();
        });
        return promise;
    }
}
