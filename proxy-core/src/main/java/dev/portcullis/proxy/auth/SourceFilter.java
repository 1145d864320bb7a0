package dev.portcullis.proxy.auth;

import dev.portcullis.config.CidrPorts;
import dev.portcullis.proxy.errors.ErrorCode;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * First in a listener's pipeline: a client whose address is outside {@code proxy.allowed_sources} gets a 403 and is
 * closed before anything it sent is read, and before it takes a connection slot.
 */
@ChannelHandler.Sharable
final class SourceFilter extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(SourceFilter.class);
    private static final String BODY = "403 Forbidden: your address may not use this proxy\n";
    private static final byte[] REFUSAL = ("HTTP/1.1 403 Forbidden\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "X-Portcullis-Error: " + ErrorCode.SOURCE_NOT_ALLOWED.code() + "\r\n"
            + "Connection: close\r\nContent-Length: " + BODY.length() + "\r\n\r\n" + BODY)
            .getBytes(StandardCharsets.US_ASCII);

    private final List<CidrPorts> allowed;
    private final AuthCounters counters;

    SourceFilter(List<CidrPorts> allowed, AuthCounters counters) {
        this.allowed = List.copyOf(allowed);
        this.counters = counters;
    }

    boolean allows(SocketAddress remote) {
        if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return false;
        }
        InetAddress a = inet.getAddress();
        for (CidrPorts c : allowed) {
            if (c.matches(a, inet.getPort())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (allows(ctx.channel().remoteAddress())) {
            ctx.pipeline().remove(this);
            ctx.fireChannelActive();
            return;
        }
        counters.sourceRefused.increment();
        log.debug("refusing {}: not in proxy.allowed_sources", ctx.channel().remoteAddress());
        ctx.channel().config().setAutoRead(false);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(REFUSAL)).addListener(ChannelFutureListener.CLOSE);
        // Not propagated: the rest of the pipeline (connection cap, timeouts) never sees this connection.
    }
}
