package dev.portcullis.benchmarks.connect;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;

/** The bytes sent through each open tunnel and expected back from the echo origin. */
final class Probe {
    static final byte[] BYTES = "portcullis-open-cost-probe\n".getBytes(StandardCharsets.US_ASCII);

    private Probe() {
    }

    static ByteBuf buffer() {
        return Unpooled.wrappedBuffer(BYTES);
    }
}
