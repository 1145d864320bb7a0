package dev.portcullis.proxy.inspect;

import dev.portcullis.proxy.pipeline.ProxyServices;
import dev.portcullis.proxy.upstream.UpstreamListener;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

/** Each request of an HTTP/2 inspected tunnel as its own stream on a pooled, verified HTTP/2 origin connection. */
final class PooledH2Origin implements OriginLink {
    private final H2OriginPool pool;
    private final OriginKey key;
    private final EventLoop loop;
    private final ProxyServices services;

    PooledH2Origin(H2OriginPool pool, OriginKey key, EventLoop loop, ProxyServices services) {
        this.pool = pool;
        this.key = key;
        this.loop = loop;
        this.services = services;
    }

    @Override
    public Future<Channel> acquire(UpstreamListener listener) {
        Promise<Channel> promise = loop.newPromise();
        pool.acquire(loop, key, services).addListener(acquired -> {
            if (!acquired.isSuccess()) {
                promise.tryFailure(acquired.cause());
                return;
            }
            Future<Http2StreamChannel> opening = ((H2Origin) acquired.getNow()).openStream();
            opening.addListener(opened -> {
                if (!opened.isSuccess()) {
                    promise.tryFailure(opened.cause());
                    return;
                }
                Http2StreamChannel stream = opening.getNow();
                ((OriginStreamHandler) stream.pipeline().get(OriginStreamHandler.NAME)).bind(listener);
                if (!promise.trySuccess(stream)) {
                    stream.close();
                }
            });
        });
        return promise;
    }

    @Override
    public void release(Channel ch, boolean reusable) {
        OriginStreamHandler handler = (OriginStreamHandler) ch.pipeline().get(OriginStreamHandler.NAME);
        if (handler != null) {
            handler.unbind();
        }
        // A stream is never reused; closing one that already ended both ways sends nothing, otherwise RST_STREAM.
        ch.close();
    }

    @Override
    public boolean http2() {
        return true;
    }
}
