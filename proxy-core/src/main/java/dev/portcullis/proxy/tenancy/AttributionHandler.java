package dev.portcullis.proxy.tenancy;

import dev.portcullis.proxy.errors.ErrorCode;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Early in a listener's pipeline: attributes the new connection to an organisation (a channel attribute, see
 * {@link ChannelOrg}) and leaves, or answers 403 naming the problem and closes before anything the client sent is
 * read, when no endpoint takes it (Cloudflare Gateway's source-IP proxy endpoints behave the same).
 */
@ChannelHandler.Sharable
public final class AttributionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(AttributionHandler.class);

    private final Attribution attribution;
    private final Function<InetSocketAddress, String> listenerOf;

    /** @param listenerOf the listener name ({@code http}, {@code https}) of a bound local address */
    public AttributionHandler(Attribution attribution, Function<InetSocketAddress, String> listenerOf) {
        this.attribution = attribution;
        this.listenerOf = listenerOf;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        String listener = listenerOf.apply(local);
        Attribution.Result result = attribution.attribute(listener, remote == null ? null : remote.getAddress());
        if (result instanceof Attribution.Result.Refused r) {
            refuse(ctx, r.reason());
            return;
        }
        if (result instanceof Attribution.Result.Bound b) {
            ChannelOrg.set(ctx.channel(), b.binding());
        } else if (result instanceof Attribution.Result.ByCredentials c) {
            ChannelOrg.candidates(ctx.channel(), c.candidates());
        }
        ctx.pipeline().remove(this);
        ctx.fireChannelActive();
    }

    private static void refuse(ChannelHandlerContext ctx, String reason) {
        log.debug("refusing {}: {}", ctx.channel().remoteAddress(), reason);
        String body = "403 Forbidden: " + reason + "\n";
        byte[] bytes = ("HTTP/1.1 403 Forbidden\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n"
                + "X-Portcullis-Error: " + ErrorCode.SOURCE_NOT_ALLOWED.code() + "\r\n"
                + "Connection: close\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n"
                + body).getBytes(StandardCharsets.UTF_8);
        ctx.channel().config().setAutoRead(false);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener(ChannelFutureListener.CLOSE);
        // Not propagated: the rest of the pipeline (connection cap, timeouts) never sees this connection.
    }
}
