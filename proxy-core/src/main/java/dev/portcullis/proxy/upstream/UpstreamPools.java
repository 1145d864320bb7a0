package dev.portcullis.proxy.upstream;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.FastThreadLocal;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Idle keep-alive connections to origins, one pool per event loop (Envoy's per-worker pools): a client connection
 * and the upstream connections it borrows share a loop, so no locks and no cross-thread hand-off. Owned by the
 * daemon, never by a client connection. All methods must be called on the calling channel's event loop.
 */
public final class UpstreamPools {
    static final AttributeKey<PoolKey> POOL_KEY = AttributeKey.valueOf("portcullis.poolKey");

    private final int maxIdlePerHost;
    private final FastThreadLocal<Map<PoolKey, ArrayDeque<Channel>>> idle = new FastThreadLocal<>() {
        @Override
        protected Map<PoolKey, ArrayDeque<Channel>> initialValue() {
            return new HashMap<>();
        }
    };

    public UpstreamPools(int maxIdlePerHost) {
        this.maxIdlePerHost = maxIdlePerHost;
    }

    /** An idle, open connection to {@code key}, or null. */
    public Channel acquire(PoolKey key) {
        ArrayDeque<Channel> channels = idle.get().get(key);
        if (channels == null) {
            return null;
        }
        Channel ch;
        // Most recently used first: it is the least likely to have been closed by the origin's idle timer.
        while ((ch = channels.pollLast()) != null) {
            if (ch.isActive()) {
                ch.attr(POOL_KEY).set(null);
                return ch;
            }
        }
        return null;
    }

    /** Returns a connection whose exchange ended cleanly; closes it when the pool for its origin is full. */
    public void release(PoolKey key, Channel ch) {
        if (!ch.isActive()) {
            return;
        }
        ArrayDeque<Channel> channels = idle.get().computeIfAbsent(key, k -> new ArrayDeque<>(4));
        if (channels.size() >= maxIdlePerHost) {
            ch.close();
            return;
        }
        ch.attr(POOL_KEY).set(key);
        channels.addLast(ch);
    }

    /** Forgets a pooled connection that closed or timed out while idle. */
    void remove(Channel ch) {
        PoolKey key = ch.attr(POOL_KEY).getAndSet(null);
        if (key == null) {
            return;
        }
        ArrayDeque<Channel> channels = idle.get().get(key);
        if (channels != null) {
            channels.remove(ch);
            if (channels.isEmpty()) {
                idle.get().remove(key);
            }
        }
    }

    /** Number of idle connections on the calling loop (for tests and metrics). */
    public int idleCount() {
        int n = 0;
        for (ArrayDeque<Channel> channels : idle.get().values()) {
            n += channels.size();
        }
        return n;
    }
}
