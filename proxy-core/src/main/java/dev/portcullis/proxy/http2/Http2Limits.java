package dev.portcullis.proxy.http2;

import dev.portcullis.proxy.pipeline.ProxySettings;
import java.time.Duration;

/**
 * The abuse limits of an HTTP/2 client connection. The values not listed here are Netty's defaults, which already
 * bound the classic floods: at most 10,000 queued control frames we owe the peer (SETTINGS/PING/RST floods, {@code
 * encoderEnforceMaxQueuedControlFrames}), at most 2 consecutive empty DATA frames, and header blocks (HEADERS plus
 * any CONTINUATION frames) are decoded against the header list size as they arrive, so a CONTINUATION flood is cut
 * off at that size rather than buffered.
 *
 * @param maxConcurrentStreams SETTINGS_MAX_CONCURRENT_STREAMS advertised and enforced
 * @param maxHeaderListSize    SETTINGS_MAX_HEADER_LIST_SIZE advertised and enforced (bytes, RFC 9113 accounting)
 * @param maxResetsPerWindow   RST_STREAM frames a client may send per {@code resetWindow} before GOAWAY (Rapid Reset,
 *                             CVE-2023-44487)
 * @param resetWindow          the Rapid Reset window
 * @param idleTimeout          a connection with no open stream and no frame for this long is closed with GOAWAY
 */
public record Http2Limits(int maxConcurrentStreams, long maxHeaderListSize, int maxResetsPerWindow,
                          Duration resetWindow, Duration idleTimeout) {

    public static final int DEFAULT_MAX_CONCURRENT_STREAMS = 100;
    public static final int DEFAULT_MAX_RESETS_PER_WINDOW = 200;
    public static final Duration DEFAULT_RESET_WINDOW = Duration.ofSeconds(30);

    public Http2Limits {
        if (maxConcurrentStreams < 1) {
            throw new IllegalArgumentException("maxConcurrentStreams must be at least 1, got " + maxConcurrentStreams);
        }
        if (maxHeaderListSize < 1024) {
            throw new IllegalArgumentException("maxHeaderListSize must be at least 1024, got " + maxHeaderListSize);
        }
        if (maxResetsPerWindow < 1 || resetWindow.isNegative() || resetWindow.isZero()) {
            throw new IllegalArgumentException("the Rapid Reset limit needs a positive count and window, got "
                    + maxResetsPerWindow + " per " + resetWindow);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive, got " + idleTimeout);
        }
    }

    /** The limits configured in {@code limits.h2_*}, with the HTTP/1 header size and client idle timeout. */
    public static Http2Limits of(ProxySettings s) {
        return new Http2Limits(s.h2MaxConcurrentStreams(), Math.max(1024, s.maxHeaderSize()), s.h2MaxResets(),
                s.h2ResetWindow(), s.clientIdleTimeout());
    }

    /** Defaults, with the header list size and idle timeout the HTTP/1 listener uses. */
    public static Http2Limits defaults(long maxHeaderListSize, Duration idleTimeout) {
        return new Http2Limits(DEFAULT_MAX_CONCURRENT_STREAMS, Math.max(1024, maxHeaderListSize),
                DEFAULT_MAX_RESETS_PER_WINDOW, DEFAULT_RESET_WINDOW, idleTimeout);
    }
}
