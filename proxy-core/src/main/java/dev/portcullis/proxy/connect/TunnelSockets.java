package dev.portcullis.proxy.connect;

import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;

/**
 * Socket settings for the two sides of an established tunnel. Netty's defaults (reads of at most 64 KiB, a 64 KiB
 * write high-water mark) suit request/response traffic; a tunnel carries bulk bytes, and with those defaults a
 * download costs one event-loop wake-up per 64 KiB and stalls reading as soon as one read is queued. Larger reads
 * and a deeper queue halve the per-byte overhead while still bounding what one tunnel may hold: at most
 * {@link #HIGH_WATER} bytes queued per direction before the other side stops being read.
 */
final class TunnelSockets {
    static final int MAX_READ = 256 * 1024;
    static final int LOW_WATER = 256 * 1024;
    static final int HIGH_WATER = 512 * 1024;

    private TunnelSockets() {
    }

    static void forBulk(Channel ch) {
        ch.config().setRecvByteBufAllocator(new AdaptiveRecvByteBufAllocator(512, 16 * 1024, MAX_READ));
        ch.config().setOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(LOW_WATER, HIGH_WATER));
    }
}
