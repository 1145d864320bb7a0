package dev.portcullis.proxy.inspect;

import dev.portcullis.proxy.http2.Http2ConnectionGuard;
import dev.portcullis.proxy.http2.Http2Limits;

import dev.portcullis.proxy.pipeline.ProxyServices;
import dev.portcullis.proxy.pipeline.ProxySettings;


import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;



import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2Settings;

import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;


import io.netty.handler.timeout.IdleStateHandler;

import java.util.concurrent.TimeUnit;

/**
 * The client side of an inspected tunnel whose origin chose h2: frame codec (the HTTPS listener's limits, Rapid
 * Reset guard included), then one child channel per stream, each turning its frames into {@code HttpObject}s for an
 * {@link InspectedStream}. Stream channels read only when asked, so HTTP/2 flow control is the backpressure: a client
 * that does not read stalls its stream's origin, and an origin that does not read stalls the client's stream.
 */
final class InspectedH2Client {
    static final String IDLE = "inspect-h2-idle";
    static final String CODEC = "inspect-h2-codec";
    static final String GUARD = "inspect-h2-guard";
    static final String MULTIPLEX = "inspect-h2-multiplex";
    /** In each stream child's pipeline. */
    static final String STREAM = "inspect-h2-stream";


    private InspectedH2Client() {
    }

    /** Appends the HTTP/2 server pipeline for an inspected client connection to {@code p} (behind TLS). */
    static void configure(ChannelPipeline p, ProxyServices services, InspectedOrigin origin, OriginLink link) {
        ProxySettings s = services.settings();
        Http2Limits limits = Http2Limits.defaults(s.maxHeaderSize(), s.clientIdleTimeout());
        Http2FrameCodec codec = Http2FrameCodecBuilder.forServer()
                .initialSettings(Http2Settings.defaultSettings()
                        .maxConcurrentStreams(limits.maxConcurrentStreams())
                        .maxHeaderListSize(limits.maxHeaderListSize()))
                .decoderEnforceMaxRstFramesPerWindow(limits.maxResetsPerWindow(),
                        (int) Math.max(1, limits.resetWindow().toSeconds()))
                .validateHeaders(true)
                .build();
        p.addLast(IDLE, new IdleStateHandler(0, 0, limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
        p.addLast(CODEC, codec);
        p.addLast(GUARD, new Http2ConnectionGuard(codec));
        p.addLast(MULTIPLEX, new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
            @Override
            protected void initChannel(Http2StreamChannel stream) {
                stream.config().setOption(ChannelOption.AUTO_READ, false);
                stream.pipeline()
                        .addLast(new Http2StreamFrameToHttpObjectCodec(true))
                        .addLast(STREAM, new InspectedStream(services, origin, link));
            }
        }));
    }
}
