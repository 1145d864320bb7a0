package dev.portcullis.proxy.inspect;

import dev.portcullis.proxy.http2.Http2Frontend;
import dev.portcullis.proxy.http2.Http2Limits;
import dev.portcullis.proxy.pipeline.ProxyServices;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;

/**
 * The client side of an inspected tunnel whose origin chose h2: frame codec (the HTTPS listener's limits, Rapid
 * Reset guard included), then one child channel per stream, each turning its frames into {@code HttpObject}s for an
 * {@link InspectedStream}. Stream channels read only when asked, so HTTP/2 flow control is the backpressure: a client
 * that does not read stalls its stream's origin, and an origin that does not read stalls the client's stream.
 */
final class InspectedH2Client {
    /** In each stream child's pipeline. */
    static final String STREAM = "inspect-h2-stream";

    private InspectedH2Client() {
    }

    /** Appends the HTTP/2 server pipeline for an inspected client connection to {@code p} (behind TLS). */
    static void configure(ChannelPipeline p, ProxyServices services, InspectedOrigin origin, OriginLink link) {
        Http2Limits limits = Http2Limits.of(services.settings());
        // One pair for the connection, shared by its streams: neither holds anything of one request.
        InspectedRules rules = new InspectedRules(services, origin, link);
        LinkAccess access = new LinkAccess(origin, link);
        Http2Frontend.serverPipeline(p, limits, stream -> stream.pipeline()
                .addLast(new Http2StreamFrameToHttpObjectCodec(true))
                .addLast(STREAM, new InspectedStream(services, rules, access)));
    }
}
