package dev.portcullis.proxy.http1;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpVersion;

/** The Via field (RFC 9110 §7.6.3): each proxy appends "received-protocol received-by". */
final class ViaHeader {
    private ViaHeader() {
    }

    static void append(HttpHeaders headers, HttpVersion received, String pseudonym) {
        String entry = received.majorVersion() + "." + received.minorVersion() + " " + pseudonym;
        String existing = headers.get(HttpHeaderNames.VIA);
        headers.set(HttpHeaderNames.VIA, existing == null || existing.isBlank() ? entry : existing + ", " + entry);
    }

    /** True if any Via entry names this proxy as the receiver: the request has looped back to us. */
    static boolean containsPseudonym(HttpHeaders headers, String pseudonym) {
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
