package dev.portcullis.proxy.exchange;

import dev.portcullis.proxy.decision.GateVerdict;
import dev.portcullis.proxy.errors.ProxyFailure;
import dev.portcullis.proxy.http.Authority;
import dev.portcullis.proxy.http.RequestTarget;
import dev.portcullis.proxy.observe.AccessRecord;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpRequest;

/**
 * What a kind of request means before it goes anywhere: where it is for, what policy says about it, how it is
 * named in block pages and the access log. The forward proxy's absolute-form requests and the decrypted requests of
 * an inspected tunnel differ here and nowhere else in the exchange.
 */
public interface RequestRules {
    /**
     * Reads and checks the request's target. A {@link ProxyFailure} is answered and the connection may carry on;
     * a {@link ClosingRefusal} is answered and the connection closes.
     */
    RequestTarget target(HttpRequest request) throws ProxyFailure, ClosingRefusal;

    /** The checks made once the target is known (so a request they refuse is logged with its URL), as above. */
    void check(RequestTarget target, HttpRequest request) throws ProxyFailure, ClosingRefusal;

    /**
     * Asks policy about the request and, unless it is refused, rewrites it for the origin ({@link OriginForm});
     * each route decides which of the two policy sees.
     */
    GateVerdict admit(Channel client, RequestTarget target, HttpRequest request);

    /** The request's URL for block pages and the access log; {@code target} is null when it could not be read. */
    String url(RequestTarget target, HttpRequest request);

    /** The authority a TLS-inspected tunnel pins its requests to; null (the default) outside inspection. */
    default Authority tunnel() {
        return null;
    }

    /** The access record as this route wants it logged, given the exchange's {@code action}; as it is by default. */
    default AccessRecord annotate(AccessRecord record, String action) {
        return record;
    }
}
