package dev.portcullis.proxy.http2;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.HttpConversionUtil;

/**
 * Sends the proxy's own HTTP/1-shaped answers (error texts, block pages) on a stream, so that HTTP/1.1 and HTTP/2
 * clients get the same status, {@code X-Portcullis-*} headers and body from the same builders.
 */
final class Http2Responses {
    private Http2Responses() {
    }

    /**
     * Writes {@code response} as HEADERS (+ DATA) with END_STREAM and closes the stream channel afterwards (which
     * resets the stream if the client has not ended its side: nothing it sends will be used). Consumes the response.
     */
    static ChannelFuture sendAndClose(Channel stream, FullHttpResponse response) {
        Http2Headers headers = new DefaultHttp2Headers();
        try {
            // Drops connection-specific fields (Connection, Keep-Alive, Transfer-Encoding…) that HTTP/2 forbids.
            HttpConversionUtil.toHttp2Headers(response.headers(), headers);
            headers.status(response.status().codeAsText());
        } catch (RuntimeException e) {
            response.release();
            throw e;
        }
        ChannelFuture done;
        if (response.content().isReadable()) {
            stream.write(new DefaultHttp2HeadersFrame(headers, false));
            done = stream.writeAndFlush(new DefaultHttp2DataFrame(response.content(), true));
        } else {
            response.release();
            done = stream.writeAndFlush(new DefaultHttp2HeadersFrame(headers, true));
        }
        return done.addListener(ChannelFutureListener.CLOSE);
    }
}
