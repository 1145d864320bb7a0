package dev.portcullis.proxy.inspect;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

/** SNI and ALPN read from real ClientHellos (the JDK's), and malformed ones refused with a clear exception. */
class ClientHelloTest {

    /** The ClientHello body (after record and handshake headers) a JDK client sends. */
    static byte[] jdkHello(String sni, String... alpn) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, null, null);
        SSLEngine engine = ctx.createSSLEngine(sni == null ? null : sni, 443);
        engine.setUseClientMode(true);
        SSLParameters p = engine.getSSLParameters();
        if (sni != null) {
            p.setServerNames(List.of(new SNIHostName(sni)));
        }
        p.setApplicationProtocols(alpn);
        engine.setSSLParameters(p);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] record = new byte[out.remaining()];
        out.get(record);
        byte[] body = new byte[record.length - 9];
        System.arraycopy(record, 9, body, 0, body.length);
        return body;
    }

    @Test
    void readsSniAndAlpnOffers() throws Exception {
        ClientHello hello = parse(jdkHello("www.example.com", "h2", "http/1.1"));
        assertEquals("www.example.com", hello.serverName());
        assertEquals(List.of("h2", "http/1.1"), hello.alpn());
    }

    @Test
    void helloWithoutSniOrAlpn() throws Exception {
        ClientHello hello = parse(jdkHello(null));
        assertNull(hello.serverName());
        assertEquals(List.of(), hello.alpn());
    }

    @Test
    void truncatedOrCorruptedHellosFailOnlyWithIllegalArgument() throws Exception {
        byte[] good = jdkHello("fuzz.example.org", "h2", "http/1.1");
        long seed = 20261127L;
        Random random = new Random(seed);
        for (int i = 0; i < 2000; i++) {
            byte[] bad = good.clone();
            int len = random.nextInt(4) == 0 ? random.nextInt(good.length) : good.length;
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                int at = random.nextInt(bad.length);
                bad[at] = (byte) random.nextInt(256);
            }
            ByteBuf buf = Unpooled.wrappedBuffer(bad, 0, len);
            try {
                ClientHello.parse(buf);
            } catch (IllegalArgumentException expected) {
                // refused with a message; anything else escaping would be a parser bug
                if (expected.getMessage() == null || expected.getMessage().isBlank()) {
                    fail("seed " + seed + " case " + i + ": exception without a message");
                }
            } catch (RuntimeException e) {
                fail("seed " + seed + " case " + i + ": " + e, e);
            } finally {
                buf.release();
            }
        }
    }

    private static ClientHello parse(byte[] body) {
        ByteBuf buf = Unpooled.wrappedBuffer(body);
        try {
            return ClientHello.parse(buf);
        } finally {
            buf.release();
        }
    }
}
