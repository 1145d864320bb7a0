package dev.portcullis.proxy.upstream;

import io.netty.handler.codec.http.HttpObject;

/** The exchange currently using an upstream HTTP connection. Called on the connection's event loop. */
public interface UpstreamListener {
    /** A response object; ownership passes to the listener. */
    void onResponse(HttpObject msg);

    void onUpstreamWritable();

    void onUpstreamClosed();

    void onUpstreamError(Throwable cause);

    /** Nothing moved on the connection for the idle timeout. */
    void onUpstreamIdle();
}
