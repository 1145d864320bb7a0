package dev.portcullis.proxy.http1;

import dev.portcullis.proxy.errors.ProxyFailure;
import dev.portcullis.proxy.observe.AccessRecord;
import io.netty.channel.Channel;

import java.net.InetSocketAddress;
import java.time.Instant;

/** Access records for requests rejected before an exchange could start. */
final class AccessRecords {
    private AccessRecords() {
    }

    static AccessRecord rejected(Channel client, String requestId, ProxyFailure failure) {
        InetSocketAddress remote = (InetSocketAddress) client.remoteAddress();
        return new AccessRecord(Instant.now(), 0, requestId, "http",
                remote == null ? null : remote.getAddress().getHostAddress(), remote == null ? 0 : remote.getPort(),
                null, null, null, 0, null, failure.code().status().code(), 0, 0, "error", null, null,
                failure.code().code(), false);
    }
}
