package dev.portcullis.proxy.inspect;

import dev.portcullis.proxy.upstream.UpstreamListener;
import io.netty.channel.Channel;
import io.netty.util.concurrent.Future;

/**
 * How an inspected exchange reaches the origin: the tunnel's own HTTP/1.1 connection ({@link DedicatedOrigin}), or
 * a new stream on a pooled HTTP/2 connection ({@link PooledH2Origin}). The channel carries {@code HttpObject}s both
 * ways either way, so the exchange does not care which.
 */
interface OriginLink {
    /** A channel for one request, with {@code listener} receiving its response; completes on the client's loop. */
    Future<Channel> acquire(UpstreamListener listener);

    /** The exchange is done with {@code ch}; {@code reusable} when the response ended cleanly and fully. */
    void release(Channel ch, boolean reusable);

    /** True for HTTP/2 streams: a {@link RefusedStream} may be retried, and {@code te: trailers} may cross. */
    boolean http2();
}
