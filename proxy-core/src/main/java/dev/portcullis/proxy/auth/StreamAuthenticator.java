package dev.portcullis.proxy.auth;

import dev.portcullis.proxy.http.RequestIds;
import dev.portcullis.proxy.observe.AccessLogger;
import dev.portcullis.proxy.observe.AccessRecord;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * Proxy authentication for one HTTP/2 stream, which carries its own {@code proxy-authorization} (RFC 9113 streams
 * share nothing but the connection). Same checks, throttle, counters, responses and access-log line as
 * {@link ProxyAuthHandler} on HTTP/1.1; only the framing differs, and that stays with the caller.
 */
public final class StreamAuthenticator {
    private final ProxyAuth auth;
    private final AccessLogger accessLogger;

    public StreamAuthenticator(ProxyAuth auth, AccessLogger accessLogger) {
        this.auth = auth;
        this.accessLogger = accessLogger;
    }

    /**
     * Whether streams on {@code connection} must be checked at all: credentials required for its organisation, and
     * no client certificate.
     */
    public boolean required(Channel connection) {
        return auth.requiredFor(connection) && !ChannelIdentity.certified(connection);
    }

    /**
     * Checks {@code proxyAuthorization} (null when absent) for {@code stream}, completing on the stream's event loop
     * with null when admitted (the identity is then set on the stream channel, for policy and the access log), or with
     * the refusal to send on this stream: 407 with the challenges, 429 with {@code Retry-After} when the source is
     * throttled, 503 when the verifier is saturated. A refusal is already logged and counted. Never fails.
     *
     * @param method the request's {@code :method}, for the access log
     * @param target {@code host:port} of a CONNECT or the URL of a request, for the access log
     */
    public Future<FullHttpResponse> admit(Channel stream, String proxyAuthorization, String method, String target) {
        InetSocketAddress remote = (InetSocketAddress) stream.remoteAddress();
        Promise<FullHttpResponse> out = stream.eventLoop().newPromise();
        auth.authenticate(proxyAuthorization, remote.getAddress(), stream.eventLoop()).addListener(f -> {
            AuthOutcome outcome = f.isSuccess() ? (AuthOutcome) f.getNow() : AuthOutcome.BUSY;
            if (outcome instanceof AuthOutcome.Accepted accepted) {
                ChannelIdentity.set(stream, accepted.identity());
                out.setSuccess(null);
                return;
            }
            String requestId = RequestIds.next();
            var code = AuthResponses.code(outcome);
            accessLogger.log(new AccessRecord(Instant.now(), 0, requestId,
                    "CONNECT".equals(method) ? "tunnel" : "http", remote.getAddress().getHostAddress(),
                    remote.getPort(), method, target, null, 0, null, code.status().code(), 0, 0, "error", null, null,
                    code.code(), false));
            out.setSuccess(AuthResponses.refusal(stream.alloc(), outcome, auth.challenges(), requestId, false));
        });
        return out;
    }
}
