package dev.portcullis.e2e.inspect;

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
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2GoAwayFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TLS origin speaking h2 (and http/1.1 to clients that offer only that), recording which protocol, connection and
 * stream each request arrived on. Routes: {@code /hello/...} (text), {@code /echo} (streams the request body back),
 * {@code /big?n=} (n pattern bytes, written only while the stream is writable), {@code /refused} (REFUSED_STREAM
 * while {@link #refuseNext} is positive). With {@link #goAwayAfterFirst} the first response is followed by GOAWAY.
 */
final class H2TestOrigin implements AutoCloseable {
    /** 16 KiB of 'a'..'z' repeated, plus 26 so that a chunk may start at any phase. */
    private static final byte[] PATTERN = new byte[16 * 1024 + 26];

    static {
        for (int i = 0; i < PATTERN.length; i++) {
            PATTERN[i] = (byte) ('a' + i % 26);
        }
    }

    private static final AttributeKey<Integer> CONNECTION = AttributeKey.valueOf("h2-test-origin-connection");

    record Seen(int connection, int stream, String protocol, String method, String path, String authority,
                List<String> cookies, String te) {
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    final AtomicInteger connections = new AtomicInteger();
    final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
    final AtomicLong bigBytesWritten = new AtomicLong();
    final AtomicLong echoBytes = new AtomicLong();
    /** {@code /big} streams that ended (reset or closed) before their last byte was written. */
    final AtomicInteger bigCancelled = new AtomicInteger();
    final AtomicInteger refuseNext = new AtomicInteger();
    final AtomicBoolean goAwayAfterFirst = new AtomicBoolean();
    /** The next {@code /unprocessed} request gets a GOAWAY whose last stream id is below its own, and no answer. */
    final AtomicBoolean goAwayBeforeNextUnprocessed = new AtomicBoolean();
    private static final AttributeKey<Http2FrameCodec> CODEC = AttributeKey.valueOf("h2-test-origin-codec");

    /** Requests under {@code /hold} are answered only once this many are open at the same time. */
    final AtomicInteger holdUntil = new AtomicInteger(1);
    private final List<ChannelHandlerContext> held = new ArrayList<>();
    private final long maxConcurrentStreams;

    H2TestOrigin(SslContext tls) throws InterruptedException {
        this(tls, Integer.MAX_VALUE);
    }

    H2TestOrigin(SslContext tls, long maxConcurrentStreams) throws InterruptedException {
        this.maxConcurrentStreams = maxConcurrentStreams;
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.ALLOCATOR, UnpooledByteBufAllocator.DEFAULT)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.attr(CONNECTION).set(connections.incrementAndGet());
                        ch.pipeline().addLast(tls.newHandler(ch.alloc()), new Negotiation());
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    List<Seen> seen(String pathPrefix) {
        List<Seen> out = new ArrayList<>();
        for (Seen s : seen) {
            if (s.path().startsWith(pathPrefix)) {
                out.add(s);
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Negotiation extends ApplicationProtocolNegotiationHandler {
        Negotiation() {
            super(ApplicationProtocolNames.HTTP_1_1);
        }

        @Override
        protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
            if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                Http2FrameCodec codec = Http2FrameCodecBuilder.forServer()
                        .initialSettings(Http2Settings.defaultSettings().maxConcurrentStreams(maxConcurrentStreams))
                        .build();
                ctx.channel().attr(CODEC).set(codec);
                ctx.pipeline().addLast(codec,
                        new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
                            @Override
                            protected void initChannel(Http2StreamChannel stream) {
                                stream.pipeline().addLast(new StreamRoutes());
                            }
                        }));
            } else {
                ctx.pipeline().addLast(new HttpServerCodec(), new Http1Hello());
            }
        }
    }

    /** HTTP/1.1: answers every request with its path (bodies are ignored). */
    private final class Http1Hello extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest r) {
                seen.add(new Seen(ctx.channel().attr(CONNECTION).get(), 0, "http/1.1", r.method().name(), r.uri(),
                        r.headers().get(HttpHeaderNames.HOST), r.headers().getAll(HttpHeaderNames.COOKIE),
                        r.headers().get(HttpHeaderNames.TE)));
                ByteBuf body = Unpooled.copiedBuffer("hello " + r.uri() + " over http/1.1", StandardCharsets.UTF_8);
                FullHttpResponse resp = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
                resp.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
                ctx.writeAndFlush(resp);
            }
            ReferenceCountUtil.release(msg);
        }
    }

    private final class StreamRoutes extends ChannelInboundHandlerAdapter {
        private String path = "";
        private long bigLeft;
        private boolean bigStarted;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Http2HeadersFrame h) {
                    onHeaders(ctx, h);
                } else if (msg instanceof Http2DataFrame d && path.startsWith("/echo")) {
                    echoBytes.addAndGet(d.content().readableBytes());
                    ctx.writeAndFlush(new DefaultHttp2DataFrame(d.content().retain(), d.isEndStream()));
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void onHeaders(ChannelHandlerContext ctx, Http2HeadersFrame h) {
            Http2Headers in = h.headers();
            Http2StreamChannel stream = (Http2StreamChannel) ctx.channel();
            path = String.valueOf(in.path());
            List<String> cookies = new ArrayList<>();
            in.getAll(HttpHeaderNames.COOKIE).forEach(c -> cookies.add(c.toString()));
            seen.add(new Seen(stream.parent().attr(CONNECTION).get(), stream.stream().id(), "h2",
                    String.valueOf(in.method()), path, String.valueOf(in.authority()), cookies,
                    in.get(HttpHeaderNames.TE) == null ? null : in.get(HttpHeaderNames.TE).toString()));
            if (path.startsWith("/refused") && refuseNext.getAndDecrement() > 0) {
                ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.REFUSED_STREAM));
                return;
            }
            if (path.startsWith("/unprocessed") && goAwayBeforeNextUnprocessed.compareAndSet(true, false)) {
                Channel parent = stream.parent();
                Http2FrameCodec codec = parent.attr(CODEC).get();
                codec.goAway(parent.pipeline().context(codec), Math.max(0, stream.stream().id() - 2),
                        Http2Error.NO_ERROR.code(), Unpooled.EMPTY_BUFFER, parent.newPromise());
                parent.flush();
                return;
            }
            if (path.startsWith("/hold")) {
                // One event loop serves every connection of this origin, so the list needs no lock.
                held.add(ctx);
                if (held.size() >= holdUntil.get()) {
                    for (ChannelHandlerContext waiting : held) {
                        waiting.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200"), true));
                    }
                    held.clear();
                }
                return;
            }
            if (path.startsWith("/echo")) {
                ctx.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200")
                        .set("content-type", "application/octet-stream"), h.isEndStream()));
                return;
            }
            if (path.startsWith("/big")) {
                Map<String, List<String>> q = new QueryStringDecoder(path).parameters();
                bigLeft = Long.parseLong(q.get("n").get(0));
                ctx.write(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200")
                        .setLong("content-length", bigLeft)));
                bigStarted = true;
                writeBig(ctx);
                return;
            }
            if (path.startsWith("/early-hints")) {
                // RFC 8297: an interim 103 (HEADERS without END_STREAM) before the final response on the same stream.
                ctx.write(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("103")
                        .add("link", "</style.css>; rel=preload; as=style"), false));
            }
            byte[] body = ("hello " + path + " over h2").getBytes(StandardCharsets.UTF_8);
            ctx.write(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200")
                    .set("content-type", "text/plain").setInt("content-length", body.length)));
            var done = ctx.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(body), true));
            if (goAwayAfterFirst.compareAndSet(true, false)) {
                Channel parent = stream.parent();
                done.addListener((ChannelFutureListener) f ->
                        parent.writeAndFlush(new DefaultHttp2GoAwayFrame(Http2Error.NO_ERROR)));
            }
        }

        private void writeBig(ChannelHandlerContext ctx) {
            while (bigLeft > 0 && ctx.channel().isActive() && ctx.channel().isWritable()) {
                int n = (int) Math.min(16 * 1024, bigLeft);
                ByteBuf chunk = Unpooled.wrappedBuffer(PATTERN, (int) (bigBytesWritten.get() % 26), n);
                bigLeft -= n;
                bigBytesWritten.addAndGet(n);
                ctx.write(new DefaultHttp2DataFrame(chunk, bigLeft == 0));
            }
            ctx.flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (bigStarted && bigLeft > 0 && ctx.channel().isWritable()) {
                writeBig(ctx);
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (bigStarted && bigLeft > 0) {
                bigCancelled.incrementAndGet();
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
