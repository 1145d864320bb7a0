package dev.portcullis.e2e.support;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.util.ReferenceCountUtil;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP/1.1 origin on 127.0.0.1, port 0, optionally over TLS, with routes that exercise a proxy:
 * <ul>
 * <li>{@code /hello}: a short fixed body</li>
 * <li>{@code /headers}: the request head as text, one field per line</li>
 * <li>{@code /count}: reads the request body and answers how many bytes came</li>
 * <li>{@code /echo}: answers with the request body (kept in memory: small bodies only)</li>
 * <li>{@code /bytes?n=N}: N bytes with Content-Length, written only while the connection is writable</li>
 * <li>{@code /chunked?n=N&size=S}: N chunks of S bytes, chunked</li>
 * <li>{@code /close-delimited}: a body without length, ended by closing</li>
 * <li>{@code /slow?ms=N}: answers after N ms; {@code /dead}: never answers</li>
 * </ul>
 * Uses its own unpooled allocator so the proxy's pooled-memory figures are the proxy's alone.
 */
public final class TestOrigin implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    public final AtomicInteger connections = new AtomicInteger();
    public final AtomicInteger closedConnections = new AtomicInteger();
    public final AtomicInteger requests = new AtomicInteger();
    public final AtomicLong bytesWritten = new AtomicLong();
    public final AtomicLong bytesReceived = new AtomicLong();
    public final ConcurrentLinkedQueue<HttpRequest> seen = new ConcurrentLinkedQueue<>();

    private TestOrigin(SslContext tls) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.ALLOCATOR, UnpooledByteBufAllocator.DEFAULT)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.incrementAndGet();
                        ch.closeFuture().addListener(f -> closedConnections.incrementAndGet());
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpServerExpectContinueHandler(), new Routes());
                    }
                });
        server = b.bind("127.0.0.1", 0).sync().channel();
    }

    public static TestOrigin plain() throws InterruptedException {
        return new TestOrigin(null);
    }

    public static TestOrigin tls(SslContext context) throws InterruptedException {
        return new TestOrigin(context);
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    public String base() {
        return "http://127.0.0.1:" + port();
    }

    public HttpRequest lastRequest() {
        HttpRequest last = null;
        for (HttpRequest r : seen) {
            last = r;
        }
        return last;
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Routes extends ChannelInboundHandlerAdapter {
        private HttpRequest request;
        private ByteBuf echo;
        private long received;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof HttpRequest r) {
                    request = r;
                    received = 0;
                    requests.incrementAndGet();
                    seen.add(r);
                }
                if (msg instanceof HttpContent c) {
                    int n = c.content().readableBytes();
                    received += n;
                    bytesReceived.addAndGet(n);
                    if (request.uri().startsWith("/echo")) {
                        if (echo == null) {
                            echo = Unpooled.buffer();
                        }
                        echo.writeBytes(c.content());
                    }
                    if (msg instanceof LastHttpContent) {
                        respond(ctx);
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void respond(ChannelHandlerContext ctx) {
            QueryStringDecoder q = new QueryStringDecoder(request.uri());
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            switch (q.path()) {
                case "/hello" -> full(ctx, "hello\n", keepAlive);
                case "/headers" -> {
                    StringBuilder sb = new StringBuilder(request.method() + " " + request.uri() + " "
                            + request.protocolVersion() + "\n");
                    request.headers().forEach(e -> sb.append(e.getKey()).append(": ").append(e.getValue())
                            .append('\n'));
                    full(ctx, sb.toString(), keepAlive);
                }
                case "/count" -> full(ctx, "received " + received + "\n", keepAlive);
                case "/echo" -> {
                    ByteBuf body = echo == null ? Unpooled.EMPTY_BUFFER : echo;
                    echo = null;
                    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                            body);
                    HttpUtil.setContentLength(r, body.readableBytes());
                    write(ctx, r, keepAlive);
                }
                case "/bytes" -> streamBytes(ctx, Long.parseLong(param(q, "n", "1024")), keepAlive);
                case "/chunked" -> chunked(ctx, Integer.parseInt(param(q, "n", "4")),
                        Integer.parseInt(param(q, "size", "16")), keepAlive);
                case "/close-delimited" -> {
                    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                    head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                    ctx.write(head);
                    ctx.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer("until-close\n",
                            StandardCharsets.US_ASCII))).addListener(ChannelFutureListener.CLOSE);
                }
                case "/slow" -> ctx.executor().schedule(() -> full(ctx, "slow\n", keepAlive),
                        Long.parseLong(param(q, "ms", "1000")), TimeUnit.MILLISECONDS);
                case "/dead" -> {
                    // never answer
                }
                default -> {
                    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                            HttpResponseStatus.NOT_FOUND, Unpooled.copiedBuffer("no route\n", StandardCharsets.US_ASCII));
                    HttpUtil.setContentLength(r, r.content().readableBytes());
                    write(ctx, r, keepAlive);
                }
            }
        }

        private static String param(QueryStringDecoder q, String name, String dflt) {
            List<String> v = q.parameters().get(name);
            return v == null || v.isEmpty() ? dflt : v.get(0);
        }

        private void full(ChannelHandlerContext ctx, String text, boolean keepAlive) {
            ByteBuf body = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
            r.headers().set("Keep-Alive", "timeout=5");
            r.headers().set(HttpHeaderNames.CONNECTION, keepAlive ? "keep-alive, X-Hop" : "close, X-Hop");
            r.headers().set("X-Hop", "hop-by-hop field the proxy must remove");
            HttpUtil.setContentLength(r, body.readableBytes());
            write(ctx, r, keepAlive);
        }

        private void write(ChannelHandlerContext ctx, HttpResponse r, boolean keepAlive) {
            if (r instanceof FullHttpResponse f) {
                bytesWritten.addAndGet(f.content().readableBytes());
            }
            if (keepAlive) {
                ctx.writeAndFlush(r);
            } else {
                ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
            }
        }

        private void chunked(ChannelHandlerContext ctx, int n, int size, boolean keepAlive) {
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            HttpUtil.setTransferEncodingChunked(head, true);
            ctx.write(head);
            byte[] chunk = new byte[size];
            for (int i = 0; i < size; i++) {
                chunk[i] = (byte) ('a' + i % 26);
            }
            for (int i = 0; i < n; i++) {
                ctx.write(new DefaultHttpContent(Unpooled.wrappedBuffer(chunk)));
                bytesWritten.addAndGet(size);
            }
            var f = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            if (!keepAlive) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
        }

        /** Writes n bytes of a known pattern, one 64 KiB piece at a time, only while the socket takes them. */
        private void streamBytes(ChannelHandlerContext ctx, long n, boolean keepAlive) {
            HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
            HttpUtil.setContentLength(head, n);
            ctx.writeAndFlush(head);
            new Streamer(ctx, n, keepAlive).pump();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable() && streamer != null) {
                streamer.pump();
            }
            ctx.fireChannelWritabilityChanged();
        }

        private Streamer streamer;

        private final class Streamer {
            private final ChannelHandlerContext ctx;
            private final boolean keepAlive;
            private long remaining;
            private long offset;

            Streamer(ChannelHandlerContext ctx, long n, boolean keepAlive) {
                this.ctx = ctx;
                this.remaining = n;
                this.keepAlive = keepAlive;
                streamer = this;
            }

            void pump() {
                while (remaining > 0 && ctx.channel().isWritable()) {
                    int size = (int) Math.min(65536, remaining);
                    ByteBuf buf = Unpooled.buffer(size);
                    for (int i = 0; i < size; i++) {
                        buf.writeByte(pattern(offset + i));
                    }
                    offset += size;
                    remaining -= size;
                    bytesWritten.addAndGet(size);
                    ctx.writeAndFlush(new DefaultHttpContent(buf));
                }
                if (remaining == 0 && streamer == this) {
                    streamer = null;
                    var f = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                    if (!keepAlive) {
                        f.addListener(ChannelFutureListener.CLOSE);
                    }
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (echo != null) {
                echo.release();
                echo = null;
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** The byte at offset i of every {@code /bytes} body. */
    public static byte pattern(long i) {
        return (byte) (i * 31 + (i >>> 8));
    }

    /** Headers of the last request as a plain list, for assertions. */
    public static List<String> names(HttpHeaders headers) {
        List<String> out = new ArrayList<>();
        headers.forEach(e -> out.add(e.getKey().toLowerCase()));
        return out;
    }
}
