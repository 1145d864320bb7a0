package dev.portcullis.proxy.upstream;

import dev.portcullis.proxy.daemon.Transport;
import dev.portcullis.proxy.errors.ErrorCode;
import dev.portcullis.proxy.errors.FailureClassifier;
import dev.portcullis.proxy.errors.ProxyFailure;
import dev.portcullis.proxy.observe.ProxyMetrics;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Safe dialing: classify the host (IP literal in any encoding, or a name resolved asynchronously), check every
 * address with the {@link DestinationGuard}, and dial exactly an address that passed — so DNS rebinding has nothing
 * to rebind. Addresses that pass are tried in order until one connects.
 */
public final class UpstreamConnector {
    private final Transport transport;
    private final Resolver resolver;
    private final DestinationGuard guard;
    private final int connectTimeoutMillis;
    private final ProxyMetrics metrics;
    /** Every upstream channel still open, so shutdown can close them before their event loops stop. */
    private final ChannelGroup open = new DefaultChannelGroup("upstream", GlobalEventExecutor.INSTANCE);

    public UpstreamConnector(Transport transport, Resolver resolver, DestinationGuard guard, Duration connectTimeout) {
        this(transport, resolver, guard, connectTimeout, ProxyMetrics.unpublished());
    }

    public UpstreamConnector(Transport transport, Resolver resolver, DestinationGuard guard, Duration connectTimeout,
                             ProxyMetrics metrics) {
        this.metrics = metrics;
        this.transport = transport;
        this.resolver = resolver;
        this.guard = guard;
        this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
    }

    /**
     * Connects to host:port on {@code loop}. The channel comes back registered, connected, with auto-read off and
     * {@code handler} installed. Failures are {@link ProxyFailure}s.
     *
     * @param tunnel true for CONNECT: the CONNECT port allow-list applies and half-closure is enabled
     */
    public Future<Channel> connect(EventLoop loop, String host, int port, boolean tunnel, ChannelHandler handler) {
        return connect(loop, host, port, tunnel, handler, DialCheck.NONE);
    }

    /** A last word on the exact address before it is dialled (policy rules on destination IPs). */
    @FunctionalInterface
    public interface DialCheck {
        DialCheck NONE = address -> null;

        /** @return null to dial, or the reason not to */
        Throwable veto(InetAddress address);
    }

    /**
     * As {@link #connect(EventLoop, String, int, boolean, ChannelHandler)}, with {@code check} consulted for each
     * address that passed the guard, just before it is dialled.
     */
    public Future<Channel> connect(EventLoop loop, String host, int port, boolean tunnel, ChannelHandler handler,
                                   DialCheck check) {
        Promise<Channel> promise = loop.newPromise();
        HostLiteral literal = HostLiteral.parse(host);
        switch (literal.kind()) {
            case INVALID -> promise.setFailure(new ProxyFailure(ErrorCode.INVALID_TARGET,
                    "invalid host '" + host + "': " + literal.error()));
            case IPV4, IPV6 -> dialChecked(loop, List.of(literal.address()), host, port, tunnel, handler, check,
                    promise);
            case NAME -> {
                long resolveStart = System.nanoTime();
                Future<List<InetAddress>> resolved = resolver.resolveAll(loop, literal.name());
                resolved.addListener(f -> {
                    metrics.dnsResolution(System.nanoTime() - resolveStart, f.isSuccess());
                    if (f.isSuccess()) {
                        dialChecked(loop, resolved.getNow(), host, port, tunnel, handler, check, promise);
                    } else {
                        promise.setFailure(FailureClassifier.upstreamFailure(host, f.cause()));
                    }
                });
            }
        }
        return promise;
    }

    /**
     * Closes every upstream channel still open (pooled ones, tunnels cut off by the drain deadline). Called at
     * shutdown before the event loops stop: a channel closed by a terminating loop cannot deregister cleanly.
     */
    public void closeAll(long timeoutMillis) {
        open.close().awaitUninterruptibly(timeoutMillis);
    }

    private void dialChecked(EventLoop loop, List<InetAddress> addresses, String host, int port, boolean tunnel,
                             ChannelHandler handler, DialCheck check, Promise<Channel> promise) {
        List<InetSocketAddress> allowed = new ArrayList<>(addresses.size());
        GuardVerdict firstRefusal = null;
        for (InetAddress address : addresses) {
            GuardVerdict verdict = guard.check(address, port, tunnel);
            if (verdict.allowed()) {
                allowed.add(new InetSocketAddress(address, port));
            } else if (firstRefusal == null) {
                firstRefusal = verdict;
            }
        }
        if (allowed.isEmpty()) {
            GuardVerdict refusal = firstRefusal;
            ErrorCode code = refusal != null && "proxy_loop".equals(refusal.code())
                    ? ErrorCode.FORWARDING_LOOP : ErrorCode.DESTINATION_FORBIDDEN;
            String message = refusal == null ? "no address for " + host : refusal.message();
            promise.setFailure(new ProxyFailure(code, message));
            return;
        }
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channel(transport.socketChannel())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, tunnel)
                .handler(handler);
        tryNext(bootstrap, allowed, 0, host, port, check, promise);
    }

    private void tryNext(Bootstrap bootstrap, List<InetSocketAddress> addresses, int index, String host, int port,
                         DialCheck check, Promise<Channel> promise) {
        Throwable veto = check.veto(addresses.get(index).getAddress());
        if (veto != null) {
            promise.tryFailure(veto);
            return;
        }
        long connectStart = System.nanoTime();
        ChannelFuture attempt = bootstrap.connect(addresses.get(index));
        attempt.addListener(f -> {
            metrics.upstreamConnect(System.nanoTime() - connectStart, f.isSuccess());
            if (f.isSuccess()) {
                open.add(attempt.channel());
                if (!promise.trySuccess(attempt.channel())) {
                    attempt.channel().close(); // the waiter gave up (client gone)
                }
            } else if (index + 1 < addresses.size() && !promise.isDone()) {
                tryNext(bootstrap, addresses, index + 1, host, port, check, promise);
            } else {
                promise.tryFailure(FailureClassifier.upstreamFailure(host + ":" + port, f.cause()));
            }
        });
    }
}
