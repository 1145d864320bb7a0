package dev.portcullis.proxy.http1;

import io.netty.channel.ChannelHandler;
import io.netty.handler.codec.http.HttpDecoderConfig;

/** Creates the paired decoder and encoder for one client connection. */
public final class ClientCodec {
    private final ChannelHandler decoder;
    private final ChannelHandler encoder;

    public ClientCodec(HttpDecoderConfig config) {
        MethodQueue methods = new MethodQueue();
        this.decoder = new ProxyRequestDecoder(config, methods);
        this.encoder = new ProxyResponseEncoder(methods);
    }

    public ChannelHandler decoder() {
        return decoder;
    }

    public ChannelHandler encoder() {
        return encoder;
    }
}
