package dev.portcullis.proxy.http1;

import dev.portcullis.proxy.http.RequestTarget;
import dev.portcullis.proxy.decision.GateVerdict;
import dev.portcullis.proxy.decision.PolicyBlockedException;
import dev.portcullis.proxy.errors.FailureClassifier;
import dev.portcullis.proxy.exchange.Exchange;
import dev.portcullis.proxy.exchange.OriginAccess;
import dev.portcullis.proxy.pipeline.PipelineNames;
import dev.portcullis.proxy.pipeline.ProxyServices;
import dev.portcullis.proxy.upstream.PoolKey;
import dev.portcullis.proxy.upstream.UpstreamHttpHandler;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.concurrent.Future;

import java.net.InetSocketAddress;

/**
 * The origin of one forward-proxy request: a pooled connection when the client's event loop has one for the target,
 * else a new one dialled through the destination guard and policy's dial-time veto. A pooled connection the origin
 * closed just as it was reused (the keep-alive race) gets the request once more on a new connection.
 */
final class ForwardOrigin implements OriginAccess {
    private final ProxyServices services;
    private final Channel client;
    private PoolKey poolKey;
    private boolean fromPool;
    private InetSocketAddress destination;

    ForwardOrigin(ProxyServices services, Channel client) {
        this.services = services;
        this.client = client;
    }

    @Override
    public void acquire(Exchange exchange, HttpRequest toSend) {
        RequestTarget target = exchange.target();
        poolKey = new PoolKey(target.host(), target.port());
        Channel pooled = services.pools().acquire(poolKey);
        if (pooled != null) {
            services.metrics().poolHit();
            fromPool = true;
            attach(exchange, pooled, toSend);
        } else {
            services.metrics().poolMiss();
            dial(exchange, toSend);
        }
    }

    private void dial(Exchange exchange, HttpRequest toSend) {
        RequestTarget target = exchange.target();
        GateVerdict[] dialVerdict = new GateVerdict[1];
        Future<Channel> connecting = services.connector().connect(client.eventLoop(), target.host(), target.port(),
                false, services.upstreamHttpInitializer(),
                address -> services.policyGate().vetoDial(client, target.host(), target.port(), address, false,
                        dialVerdict));
        connecting.addListener(f -> {
            if (f.isSuccess()) {
                fromPool = false;
                attach(exchange, connecting.getNow(), toSend);
            } else {
                Throwable cause = f.cause();
                exchange.unreachable(cause instanceof PolicyBlockedException ? cause
                        : FailureClassifier.upstreamFailure(target.host() + ":" + target.port(), cause), toSend);
            }
        });
    }

    private void attach(Exchange exchange, Channel ch, HttpRequest toSend) {
        destination = (InetSocketAddress) ch.remoteAddress();
        handler(ch).bind(exchange);
        exchange.attach(ch, toSend);
    }

    @Override
    public void release(Channel ch, boolean reusable) {
        handler(ch).unbind();
        if (reusable) {
            services.pools().release(poolKey, ch);
        } else {
            ch.close();
        }
    }

    /** The head object itself: the HTTP/1.1 encoder does not consume it, so it can be written again as it is. */
    @Override
    public HttpRequest keepForRetry(HttpRequest head, boolean whole) {
        return head;
    }

    @Override
    public boolean mayRetry(Throwable cause) {
        return fromPool;
    }

    @Override
    public void retry(Exchange exchange, HttpRequest kept) {
        dial(exchange, kept);
    }

    @Override
    public InetSocketAddress destination() {
        return destination;
    }

    @Override
    public boolean clientBoundToOrigin() {
        return false;
    }

    private static UpstreamHttpHandler handler(Channel ch) {
        return (UpstreamHttpHandler) ch.pipeline().get(PipelineNames.UPSTREAM_HANDLER);
    }
}
