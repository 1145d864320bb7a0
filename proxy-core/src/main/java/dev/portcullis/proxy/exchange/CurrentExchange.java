package dev.portcullis.proxy.exchange;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;

/**
 * The exchange in flight on one client channel — at most one, since a client's requests are read one at a time —
 * and the routing of that channel's events to it. Each {@link ExchangeOwner} keeps one, so the forward proxy,
 * inspected connections and inspected HTTP/2 streams relay writability, body and close the same way. Every call is
 * made on the client channel's event loop.
 */
public final class CurrentExchange {
    private Exchange exchange;

    /** Makes {@code next} the current exchange, then starts it (it may finish before this returns). */
    public void start(Exchange next) {
        exchange = next;
        next.start();
    }

    public boolean isActive() {
        return exchange != null;
    }

    /** Gives request body to the current exchange; false when there is none and the caller must dispose of it. */
    public boolean offer(HttpContent content) {
        if (exchange == null) {
            return false;
        }
        exchange.onRequestContent(content);
        return true;
    }

    /** Clears the slot when {@code finished} is the current exchange; false for any other (a late report). */
    public boolean finished(Exchange finished) {
        if (exchange != finished) {
            return false;
        }
        exchange = null;
        return true;
    }

    /** The client channel's writability changed: a writable client lets the exchange read its origin again. */
    public void clientWritabilityChanged(Channel client) {
        if (exchange != null && client.isWritable()) {
            exchange.onClientWritable();
        }
    }

    /** The client channel closed: the exchange in flight, if any, ends (and is forgotten first). */
    public void clientClosed() {
        if (exchange != null) {
            Exchange ex = exchange;
            exchange = null;
            ex.onClientClosed();
        }
    }
}
