package dev.portcullis.proxy.http1;

import dev.portcullis.proxy.auth.ChannelIdentity;
import dev.portcullis.proxy.errors.ProxyFailure;
import dev.portcullis.proxy.observe.AccessRecord;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpRequest;

import java.net.InetSocketAddress;
import java.time.Instant;

/** Access records for requests rejected before an exchange could start. */
final class AccessRecords {
    private AccessRecords() {
    }

    /** A request the proxy answered itself (a PAC file), never forwarded. */
    static AccessRecord local(Channel client, String requestId, HttpRequest request, int status, long bytesToClient,
                              long durationNanos, String action, String errorCode) {
        InetSocketAddress remote = (InetSocketAddress) client.remoteAddress();
        return ChannelIdentity.annotate(client, new AccessRecord(Instant.now(), durationNanos, requestId, "http",
                remote == null ? null : remote.getAddress().getHostAddress(), remote == null ? 0 : remote.getPort(),
                request.method().name(), request.uri(), null, 0, null, status, 0, bytesToClient, action, null, null,
                errorCode, false));
    }

    static AccessRecord rejected(Channel client, String requestId, ProxyFailure failure) {
        InetSocketAddress remote = (InetSocketAddress) client.remoteAddress();
        return ChannelIdentity.annotate(client, new AccessRecord(Instant.now(), 0, requestId, "http",
                remote == null ? null : remote.getAddress().getHostAddress(), remote == null ? 0 : remote.getPort(),
                null, null, null, 0, null, failure.code().status().code(), 0, 0, "error", null, null,
                failure.code().code(), false));
    }
}
