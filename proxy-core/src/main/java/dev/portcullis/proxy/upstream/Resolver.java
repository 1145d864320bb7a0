package dev.portcullis.proxy.upstream;

import dev.portcullis.proxy.daemon.Transport;
import io.netty.channel.EventLoop;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DefaultDnsCache;
import io.netty.resolver.dns.DefaultDnsCnameCache;
import io.netty.resolver.dns.DnsCache;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.resolver.dns.SequentialDnsServerAddressStreamProvider;
import io.netty.util.concurrent.Future;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Asynchronous name resolution: one netty DNS resolver per event loop (a resolver is bound to its loop), all sharing
 * one cache. Never blocks. Names under {@code .invalid} fail at once without a query (RFC 6761 §6.4).
 */
public final class Resolver implements AutoCloseable {
    private final Transport transport;
    private final DnsSettings settings;
    private final DnsCache cache;
    private final DefaultDnsCnameCache cnameCache = new DefaultDnsCnameCache();
    private final Map<EventLoop, DnsNameResolver> resolvers = new ConcurrentHashMap<>();

    public Resolver(Transport transport, DnsSettings settings) {
        this.transport = transport;
        this.settings = settings;
        this.cache = new DefaultDnsCache((int) settings.minTtl().toSeconds(), (int) settings.maxTtl().toSeconds(),
                (int) settings.negativeTtl().toSeconds());
    }

    /** Resolves a host name (never an IP literal: callers classify literals first) on the given loop. */
    public Future<List<InetAddress>> resolveAll(EventLoop loop, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("invalid") || lower.endsWith(".invalid")) {
            return loop.newFailedFuture(new UnknownHostException(name + ": reserved name (RFC 6761)"));
        }
        return resolvers.computeIfAbsent(loop, this::newResolver).resolveAll(name);
    }

    private DnsNameResolver newResolver(EventLoop loop) {
        DnsNameResolverBuilder builder = new DnsNameResolverBuilder(loop)
                .datagramChannelType(transport.datagramChannel())
                .socketChannelType(transport.socketChannel())
                .resolveCache(cache)
                .cnameCache(cnameCache)
                .queryTimeoutMillis(settings.queryTimeout().toMillis())
                .resolvedAddressTypes(ResolvedAddressTypes.IPV4_PREFERRED)
                .completeOncePreferredResolved(false);
        if (settings.servers().isEmpty()) {
            builder.nameServerProvider(DnsServerAddressStreamProviders.platformDefault());
        } else {
            builder.nameServerProvider(new SequentialDnsServerAddressStreamProvider(settings.servers()));
        }
        return builder.build();
    }

    @Override
    public void close() {
        resolvers.values().forEach(DnsNameResolver::close);
        resolvers.clear();
    }
}
