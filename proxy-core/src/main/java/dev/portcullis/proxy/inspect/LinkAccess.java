package dev.portcullis.proxy.inspect;

import dev.portcullis.proxy.exchange.Exchange;
import dev.portcullis.proxy.exchange.OriginAccess;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;

import java.net.InetSocketAddress;

/**
 * The origin side of an inspected tunnel's exchanges, over its {@link OriginLink}. The tunnel's client lives exactly
 * as long as its origin, so keep-alive is shared. A request the origin provably never processed (a
 * {@link RefusedStream}) is sent once more when it was whole and bodyless: HTTP/2 consumes what it sends, so a copy
 * of the head is kept for that.
 */
final class LinkAccess implements OriginAccess {
    private final InspectedOrigin origin;
    private final OriginLink link;

    LinkAccess(InspectedOrigin origin, OriginLink link) {
        this.origin = origin;
        this.link = link;
    }

    @Override
    public void acquire(Exchange exchange, HttpRequest toSend) {
        link.acquire(exchange).addListener(f -> {
            if (f.isSuccess()) {
                exchange.attach((Channel) f.getNow(), toSend);
            } else {
                exchange.unreachable(f.cause(), toSend);
            }
        });
    }

    @Override
    public void release(Channel ch, boolean reusable) {
        link.release(ch, reusable);
    }

    @Override
    public HttpRequest keepForRetry(HttpRequest head, boolean whole) {
        return link.http2() && whole
                ? new DefaultHttpRequest(HttpVersion.HTTP_1_1, head.method(), head.uri(), head.headers().copy())
                : null;
    }

    @Override
    public boolean mayRetry(Throwable cause) {
        return cause instanceof RefusedStream;
    }

    @Override
    public void retry(Exchange exchange, HttpRequest kept) {
        acquire(exchange, new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, kept.method(), kept.uri(),
                Unpooled.EMPTY_BUFFER, kept.headers().copy(), EmptyHttpHeaders.INSTANCE));
    }

    @Override
    public InetSocketAddress destination() {
        return (InetSocketAddress) origin.channel().remoteAddress();
    }

    @Override
    public boolean clientBoundToOrigin() {
        return true;
    }
}
