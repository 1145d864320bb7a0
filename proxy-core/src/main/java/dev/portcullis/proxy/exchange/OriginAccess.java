package dev.portcullis.proxy.exchange;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpRequest;

import java.net.InetSocketAddress;

/**
 * How an {@link Exchange} reaches its origin, gives the connection back, and sends a request again: a pooled or
 * newly dialled connection for the forward proxy, the tunnel's own connection or a pooled HTTP/2 stream under TLS
 * inspection. Everything is called, and calls back, on the client's event loop.
 */
public interface OriginAccess {
    /**
     * Finds a channel to the origin, with {@code exchange} bound to receive its response, and hands it over with
     * {@link Exchange#attach}, or reports the failure with {@link Exchange#unreachable}; either may happen before
     * this returns. {@code toSend} is passed back unchanged.
     */
    void acquire(Exchange exchange, HttpRequest toSend);

    /** The exchange is done with {@code ch}; {@code reusable} when the response ended cleanly and fully. */
    void release(Channel ch, boolean reusable);

    /**
     * What to keep of the (rewritten) request head so it can be sent once more, or null when requests are never
     * retried this way. Called before the head is sent. {@code whole}: the head carried the end of the request.
     */
    HttpRequest keepForRetry(HttpRequest head, boolean whole);

    /** Whether a bodyless request that got no response yet may be sent once more after {@code cause}. */
    boolean mayRetry(Throwable cause);

    /** Sends {@code kept} (from {@link #keepForRetry}) again on a fresh channel, as {@link #acquire} does. */
    void retry(Exchange exchange, HttpRequest kept);

    /** The origin address for the access log; null when none was reached. */
    InetSocketAddress destination();

    /** True when the client connection exists only as long as this origin connection, so keep-alive is shared. */
    boolean clientBoundToOrigin();
}
