package dev.portcullis.proxy.http;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2StreamChannel;

/**
 * The Via field (RFC 9110 §7.6.3): each proxy appends "received-protocol received-by". A message that arrived on
 * an HTTP/2 stream says {@code 2}, though Netty hands it over as an HTTP/1.1 object.
 */
public final class ViaHeader {
    private ViaHeader() {
    }

    /** Appends this proxy's entry for a message of version {@code received} that arrived on {@code from}. */
    public static void append(HttpHeaders headers, Channel from, HttpVersion received, String pseudonym) {
        String protocol = from instanceof Http2StreamChannel ? "2"
                : received.majorVersion() + "." + received.minorVersion();
        String entry = protocol + " " + pseudonym;
        String existing = headers.get(HttpHeaderNames.VIA);
        headers.set(HttpHeaderNames.VIA, existing == null || existing.isBlank() ? entry : existing + ", " + entry);
    }

    /** True if any Via entry names this proxy as the receiver: the request has looped back to us. */
    public static boolean containsPseudonym(HttpHeaders headers, String pseudonym) {
        for (String value : headers.getAll(HttpHeaderNames.VIA)) {
            for (String entry : value.split(",")) {
                String[] parts = entry.trim().split("[ \t]+");
                if (parts.length >= 2 && parts[1].equalsIgnoreCase(pseudonym)) {
                    return true;
                }
            }
        }
        return false;
    }
}
