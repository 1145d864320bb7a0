package dev.portcullis.proxy.inspect;

import dev.portcullis.proxy.http.RequestIds;
import dev.portcullis.proxy.observe.AccessRecord;
import dev.portcullis.proxy.observe.AccessLogger;
import dev.portcullis.proxy.errors.ErrorResponses;
import dev.portcullis.proxy.http.Authority;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Answers the first request inside a tunnel whose origin could not be reached or verified with an error page, then
 * closes. The client handshake was completed with a minted leaf only so that this page can be read: the alternative,
 * a failed handshake, tells the user nothing. No byte of the request ever reaches the origin.
 */
final class UpstreamRefusalPage extends ChannelInboundHandlerAdapter {
    private final Authority target;
    private final UpstreamRefusal refusal;
    private final AccessLogger accessLogger;

    UpstreamRefusalPage(Authority target, UpstreamRefusal refusal, AccessLogger accessLogger) {
        this.target = target;
        this.refusal = refusal;
        this.accessLogger = accessLogger;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpRequest request)) {
            ReferenceCountUtil.release(msg);
            ctx.read();
            return;
        }
        String accept = request.headers().get(HttpHeaderNames.ACCEPT);
        String uri = request.uri();
        String method = request.method().name();
        ReferenceCountUtil.release(msg);
        String requestId = RequestIds.next();
        FullHttpResponse page = page(ctx, accept != null && accept.contains("text/html"), requestId);
        InetSocketAddress remote = (InetSocketAddress) ctx.channel().remoteAddress();
        accessLogger.log(new AccessRecord(Instant.now(), 0, requestId, "http", remote.getAddress().getHostAddress(),
                remote.getPort(), method, "https://" + target.hostHeader(443) + (uri.startsWith("/") ? uri : "/"),
                target.host(), target.port(), null, page.status().code(), 0, page.content().readableBytes(), "error",
                null, null, refusal.code(), true));
        ctx.writeAndFlush(page).addListener(ChannelFutureListener.CLOSE);
    }

    private FullHttpResponse page(ChannelHandlerContext ctx, boolean html, String requestId) {
        HttpResponseStatus status = refusal.status();
        String body;
        String type;
        if (html) {
            type = "text/html; charset=utf-8";
            body = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + status.code() + " "
                    + escape(status.reasonPhrase()) + "</title></head>\n<body><h1>This site cannot be reached safely"
                    + "</h1>\n<p>" + escape(refusal.sentence()) + "</p>\n<dl><dt>Site</dt><dd>" + escape(target.toString())
                    + "</dd><dt>Problem</dt><dd>" + escape(refusal.code()) + "</dd><dt>Request id</dt><dd>"
                    + escape(requestId) + "</dd></dl></body></html>\n";
        } else {
            type = "text/plain; charset=utf-8";
            body = status.code() + " " + status.reasonPhrase() + ": " + refusal.sentence() + "\nsite: " + target
                    + "\nproblem: " + refusal.code() + "\nrequest id: " + requestId + "\n";
        }
        ByteBuf content = ctx.alloc().buffer(body.length() + 16);
        content.writeCharSequence(body, StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, type)
                .set(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes())
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                .set(ErrorResponses.ERROR_HEADER, refusal.code())
                .set(ErrorResponses.REQUEST_ID_HEADER, requestId);
        return response;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) {
            ctx.close();
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
