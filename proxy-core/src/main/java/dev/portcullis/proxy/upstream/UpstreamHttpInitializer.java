package dev.portcullis.proxy.upstream;

import dev.portcullis.proxy.pipeline.PipelineNames;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.timeout.IdleStateHandler;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Pipeline of a plain-HTTP connection to an origin: idle timer, HTTP/1.1 client codec, hand-off to the exchange. */
public final class UpstreamHttpInitializer extends ChannelInitializer<Channel> {
    private final UpstreamPools pools;
    private final HttpDecoderConfig decoderConfig;
    private final long idleMillis;

    public UpstreamHttpInitializer(UpstreamPools pools, HttpDecoderConfig decoderConfig, Duration idleTimeout) {
        this.pools = pools;
        this.decoderConfig = decoderConfig;
        this.idleMillis = idleTimeout.toMillis();
    }

    @Override
    public boolean isSharable() {
        return true;
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.pipeline()
                .addLast(PipelineNames.UPSTREAM_IDLE, new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS))
                .addLast(PipelineNames.UPSTREAM_CODEC, new HttpClientCodec(decoderConfig, false, false))
                .addLast(PipelineNames.UPSTREAM_HANDLER, new UpstreamHttpHandler(pools));
    }
}
