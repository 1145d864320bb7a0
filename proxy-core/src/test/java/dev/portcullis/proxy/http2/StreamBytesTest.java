package dev.portcullis.proxy.http2;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link StreamBytes}: a CONNECT stream's DATA frames as a byte stream, both ways, with its end and its demand. */
class StreamBytesTest {
    /** Counts read() requests that reach the stream channel (what returns window to the client). */
    private static final class Reads extends ChannelOutboundHandlerAdapter {
        int count;

        @Override
        public void read(ChannelHandlerContext ctx) {
            count++;
            ctx.read();
        }
    }

    private static final class Events extends ChannelInboundHandlerAdapter {
        final List<Object> events = new ArrayList<>();

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            events.add(evt);
        }
    }

    private final Reads reads = new Reads();
    private final Events events = new Events();
    private final EmbeddedChannel ch = new EmbeddedChannel();

    StreamBytesTest() {
        ch.config().setAutoRead(false);
        ch.pipeline().addLast(reads, new StreamBytes(), events);
    }

    private static ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.US_ASCII);
    }

    @Test
    void dataFramesBecomeBytesAndBytesBecomeDataFrames() {
        ch.writeInbound(new DefaultHttp2DataFrame(text("client hello")));
        ByteBuf in = ch.readInbound();
        assertEquals("client hello", in.toString(StandardCharsets.US_ASCII));
        in.release();

        ch.writeOutbound(text("server hello"));
        Http2DataFrame out = ch.readOutbound();
        assertEquals("server hello", out.content().toString(StandardCharsets.US_ASCII));
        assertFalse(out.isEndStream());
        out.release();
        ch.finishAndReleaseAll();
    }

    @Test
    void headersFramesPassOutboundUntouched() {
        ch.writeOutbound(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200"), false));
        Http2HeadersFrame h = ch.readOutbound();
        assertEquals("200", h.headers().status().toString());
        ch.finishAndReleaseAll();
    }

    @Test
    void theClientsEndStreamIsAnInputShutdownAfterItsBytes() {
        ch.writeInbound(new DefaultHttp2DataFrame(text("last"), true));
        ByteBuf in = ch.readInbound();
        assertEquals("last", in.toString(StandardCharsets.US_ASCII));
        in.release();
        assertEquals(List.of(ChannelInputShutdownEvent.INSTANCE), events.events);

        ch.writeInbound(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers(), true)); // trailers after the end
        assertNull(ch.readInbound());
        assertEquals(1, events.events.size(), "one shutdown event only");
        ch.finishAndReleaseAll();
    }

    @Test
    void anEmptyFrameLeavesTheDemandOpenByReadingAgain() {
        int before = reads.count;
        ch.pipeline().fireChannelRead(new DefaultHttp2DataFrame(Unpooled.EMPTY_BUFFER, false));
        ch.pipeline().fireChannelReadComplete();
        assertNull(ch.readInbound());
        assertEquals(before + 1, reads.count, "nothing reached the handler behind, so StreamBytes asks for more");

        ch.pipeline().fireChannelRead(new DefaultHttp2DataFrame(text("x"), false));
        ch.pipeline().fireChannelReadComplete();
        assertEquals(before + 1, reads.count, "bytes were delivered: reading more is the consumer's decision");
        ReferenceCountUtil.release(ch.readInbound());
        ch.finishAndReleaseAll();
    }

    @Test
    void closingEndsTheStreamAfterWhatWasQueued() {
        ch.write(text("queued"));
        ch.close();
        Http2DataFrame data = ch.readOutbound();
        assertEquals("queued", data.content().toString(StandardCharsets.US_ASCII));
        assertFalse(data.isEndStream());
        data.release();
        Http2DataFrame end = ch.readOutbound();
        assertTrue(end.isEndStream(), "END_STREAM, not a bare close (which would reset the stream)");
        assertEquals(0, end.content().readableBytes());
        end.release();
        assertFalse(ch.isOpen());
        assertNull(ch.readOutbound(), "one END_STREAM only");
        ch.finishAndReleaseAll();
    }

    @Test
    void randomFramingCarriesTheSameBytesBothWays() {
        long seed = 20261127L;
        Random random = new Random(seed);
        for (int round = 0; round < 50; round++) {
            EmbeddedChannel c = new EmbeddedChannel(new StreamBytes());
            byte[] payload = new byte[random.nextInt(4096)];
            random.nextBytes(payload);
            int at = 0;
            while (at < payload.length) {
                int n = Math.min(payload.length - at, random.nextInt(700));
                c.writeInbound(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(payload, at, n), false));
                c.writeOutbound(Unpooled.wrappedBuffer(payload, at, n));
                at += n;
            }
            ByteBuf inbound = Unpooled.buffer();
            for (Object m; (m = c.readInbound()) != null; ) {
                inbound.writeBytes((ByteBuf) m);
                ((ByteBuf) m).release();
            }
            ByteBuf outbound = Unpooled.buffer();
            for (Object m; (m = c.readOutbound()) != null; ) {
                Http2DataFrame f = assertInstanceOf(Http2DataFrame.class, m);
                outbound.writeBytes(f.content());
                f.release();
            }
            assertEquals(Unpooled.wrappedBuffer(payload), inbound, "inbound, seed " + seed + " round " + round);
            assertEquals(Unpooled.wrappedBuffer(payload), outbound, "outbound, seed " + seed + " round " + round);
            inbound.release();
            outbound.release();
            c.finishAndReleaseAll();
        }
    }
}
