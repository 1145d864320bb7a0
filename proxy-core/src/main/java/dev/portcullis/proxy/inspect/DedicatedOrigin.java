package dev.portcullis.proxy.inspect;

import dev.portcullis.proxy.errors.ErrorCode;
import dev.portcullis.proxy.errors.ProxyFailure;
import dev.portcullis.proxy.pipeline.PipelineNames;
import dev.portcullis.proxy.upstream.UpstreamHttpHandler;
import dev.portcullis.proxy.upstream.UpstreamListener;
import io.netty.channel.Channel;
import io.netty.util.concurrent.Future;

/** The HTTP/1.1 origin connection opened for one CONNECT: requests take turns on it; it dies with the tunnel. */
final class DedicatedOrigin implements OriginLink {
    private final InspectedOrigin origin;

    DedicatedOrigin(InspectedOrigin origin) {
        this.origin = origin;
    }

    @Override
    public Future<Channel> acquire(UpstreamListener listener) {
        Channel ch = origin.channel();
        if (!ch.isActive()) {
            return ch.eventLoop().newFailedFuture(new ProxyFailure(ErrorCode.UPSTREAM_CLOSED,
                    origin.target() + " closed the connection"));
        }
        handler(ch).bind(listener);
        return ch.eventLoop().newSucceededFuture(ch);
    }

    @Override
    public void release(Channel ch, boolean reusable) {
        handler(ch).unbind();
        if (!reusable) {
            ch.close();
        }
    }

    @Override
    public boolean http2() {
        return false;
    }

    private static UpstreamHttpHandler handler(Channel ch) {
        return (UpstreamHttpHandler) ch.pipeline().get(PipelineNames.UPSTREAM_HANDLER);
    }
}
