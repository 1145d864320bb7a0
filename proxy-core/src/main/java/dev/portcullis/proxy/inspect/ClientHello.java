package dev.portcullis.proxy.inspect;

import io.netty.buffer.ByteBuf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What the proxy needs from a client's ClientHello (RFC 8446 section 4.1.2): the SNI host name and the ALPN offers.
 * Netty's {@code AbstractSniHandler} reads only SNI, so this reads both from the body that
 * {@code SslClientHelloHandler} hands over (after the 4-byte handshake header).
 */
record ClientHello(String serverName, List<String> alpn) {
    private static final int EXT_SERVER_NAME = 0;
    private static final int EXT_ALPN = 16;

    /** Parses without consuming {@code body}; a malformed hello is an {@link IllegalArgumentException}. */
    static ClientHello parse(ByteBuf body) {
        try {
            int i = body.readerIndex();
            int end = body.writerIndex();
            i += 2 + 32; // legacy_version, random
            i += 1 + body.getUnsignedByte(i); // legacy_session_id
            i += 2 + body.getUnsignedShort(i); // cipher_suites
            i += 1 + body.getUnsignedByte(i); // legacy_compression_methods
            String sni = null;
            List<String> alpn = List.of();
            if (i + 2 > end) {
                return new ClientHello(null, alpn); // no extensions at all
            }
            int extEnd = i + 2 + body.getUnsignedShort(i);
            check(extEnd <= end, "extensions overrun the ClientHello");
            i += 2;
            while (i + 4 <= extEnd) {
                int type = body.getUnsignedShort(i);
                int len = body.getUnsignedShort(i + 2);
                int dataStart = i + 4;
                check(dataStart + len <= extEnd, "extension overruns the extension block");
                if (type == EXT_SERVER_NAME) {
                    sni = serverName(body, dataStart, dataStart + len);
                } else if (type == EXT_ALPN) {
                    alpn = protocols(body, dataStart, dataStart + len);
                }
                i = dataStart + len;
            }
            return new ClientHello(sni, alpn);
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("truncated ClientHello", e);
        }
    }

    private static String serverName(ByteBuf b, int start, int end) {
        int i = start + 2; // server_name_list length
        while (i + 3 <= end) {
            int nameType = b.getUnsignedByte(i);
            int len = b.getUnsignedShort(i + 1);
            check(i + 3 + len <= end, "server name overruns its extension");
            if (nameType == 0) {
                String name = b.toString(i + 3, len, StandardCharsets.US_ASCII);
                return name.isEmpty() ? null : name;
            }
            i += 3 + len;
        }
        return null;
    }

    private static List<String> protocols(ByteBuf b, int start, int end) {
        List<String> out = new ArrayList<>(2);
        int i = start + 2; // protocol_name_list length
        while (i < end) {
            int len = b.getUnsignedByte(i);
            check(len > 0 && i + 1 + len <= end, "ALPN protocol name overruns its extension");
            out.add(b.toString(i + 1, len, StandardCharsets.US_ASCII));
            i += 1 + len;
        }
        return List.copyOf(out);
    }

    private static void check(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalArgumentException("malformed ClientHello: " + problem);
        }
    }
}
