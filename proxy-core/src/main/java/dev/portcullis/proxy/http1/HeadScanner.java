package dev.portcullis.proxy.http1;

import io.netty.buffer.ByteBuf;

/** Looks at the raw bytes of a request head that the decoder has not consumed yet. */
final class HeadScanner {
    private HeadScanner() {
    }

    /**
     * True if a header line within the (possibly still incomplete) head starts with SP or HTAB, i.e. continues the
     * previous line. Stops at the empty line that ends the head, so body bytes are never inspected.
     */
    static boolean hasObsoleteFold(ByteBuf in) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        // Skip the request line; every later line up to the empty one is a header field line.
        int lf = in.indexOf(start, end, (byte) '\n');
        if (lf < 0) {
            return false;
        }
        int lineStart = lf + 1;
        while (lineStart < end) {
            byte b = in.getByte(lineStart);
            if (b == '\r' || b == '\n') {
                return false; // the empty line: end of head
            }
            if (b == ' ' || b == '\t') {
                // A continuation line (obs-fold), or whitespace before the first field (RFC 9112 section 2.2).
                return true;
            }
            lf = in.indexOf(lineStart, end, (byte) '\n');
            if (lf < 0) {
                return false;
            }
            lineStart = lf + 1;
        }
        return false;
    }
}
