package dev.portcullis.proxy.pipeline;

import dev.portcullis.proxy.auth.ProxyAuth;
import dev.portcullis.proxy.connect.ConnectRequestHandler;
import dev.portcullis.proxy.http1.ClientCodec;
import dev.portcullis.proxy.http1.ForwardProxyHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;

/**
 * The pipeline of a client connection on an HTTP proxy listener:
 * [source filter] → [organisation attribution] → connection cap → timeouts → HTTP/1.1 codec → pacer (one message
 * per read) → [proxy auth] → forward proxy → CONNECT. The bracketed handlers are there when {@link ProxyAuth} asks
 * for them, or (attribution) when the daemon passes one.
 * Auto-read is off: handlers read when they can take more.
 */
public final class FrontendInitializer extends ChannelInitializer<SocketChannel> {
    private final ProxyServices services;
    private final HttpDecoderConfig decoderConfig;
    private final ProxyAuth auth;
    private final ChannelHandler attribution;

    /** Any client, no credentials. */
    public FrontendInitializer(ProxyServices services) {
        this(services, null);
    }

    /** @param auth who may use the listener; null = anyone */
    public FrontendInitializer(ProxyServices services, ProxyAuth auth) {
        this(services, auth, null);
    }

    /**
     * @param auth        who may use the listener; null = anyone
     * @param attribution sharable handler that attributes each connection to an organisation (or refuses it);
     *                    null = none
     */
    public FrontendInitializer(ProxyServices services, ProxyAuth auth, ChannelHandler attribution) {
        this.services = services;
        this.auth = auth;
        this.attribution = attribution;
        ProxySettings s = services.settings();
        this.decoderConfig = new HttpDecoderConfig()
                .setMaxInitialLineLength(s.maxInitialLineLength())
                .setMaxHeaderSize(s.maxHeaderSize())
                .setMaxChunkSize(s.maxChunkSize())
                .setValidateHeaders(true)
                .setStrictLineParsing(true)
                .setUseRfc9112TransferEncoding(true)
                .setAllowDuplicateContentLengths(false);
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        addSourceFilter(p);
        p.addLast(PipelineNames.CONNECTION_LIMIT, services.connectionLimiter());
        addHttp1(p);
    }

    /** Refuses clients outside the allowed source ranges before anything else (both listeners). */
    void addSourceFilter(ChannelPipeline p) {
        if (auth != null) {
            auth.sourceFilter().ifPresent(f -> p.addLast(PipelineNames.SOURCE_FILTER, f));
        }
        if (attribution != null) {
            p.addLast(PipelineNames.ORG_ATTRIBUTION, attribution);
        }
    }

    /** Everything after the connection cap (and, on the HTTPS listener, after TLS) for an HTTP/1.1 connection. */
    void addHttp1(ChannelPipeline p) {
        ProxySettings s = services.settings();
        ClientTimeouts timeouts = new ClientTimeouts(s.clientIdleTimeout(), s.headerReadTimeout());
        ClientCodec codec = new ClientCodec(decoderConfig);
        p.addLast(PipelineNames.CLIENT_TIMEOUTS, timeouts);
        p.addLast(PipelineNames.HTTP_DECODER, codec.decoder());
        p.addLast(PipelineNames.HTTP_ENCODER, codec.encoder());
        p.addLast(PipelineNames.FLOW_CONTROL, new MessagePacer());
        if (auth != null) {
            auth.newRequestHandler(timeouts, services.accessLogger()).ifPresent(h -> p.addLast(PipelineNames.PROXY_AUTH, h));
        }
        p.addLast(PipelineNames.FORWARD_PROXY, new ForwardProxyHandler(services, timeouts));
        p.addLast(PipelineNames.CONNECT, new ConnectRequestHandler(services));
    }
}
