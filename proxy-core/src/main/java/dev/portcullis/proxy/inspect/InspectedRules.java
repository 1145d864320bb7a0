package dev.portcullis.proxy.inspect;

import dev.portcullis.proxy.decision.GateVerdict;
import dev.portcullis.proxy.errors.ErrorCode;
import dev.portcullis.proxy.errors.ProxyFailure;
import dev.portcullis.proxy.exchange.ClosingRefusal;
import dev.portcullis.proxy.exchange.OriginForm;
import dev.portcullis.proxy.exchange.RequestChecks;
import dev.portcullis.proxy.exchange.RequestRules;
import dev.portcullis.proxy.http.Authority;
import dev.portcullis.proxy.http.RequestTarget;
import dev.portcullis.proxy.observe.AccessRecord;
import dev.portcullis.proxy.pipeline.ProxyServices;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http2.HttpConversionUtil;

/**
 * Decrypted requests inside one inspected tunnel: they must name the tunnel's host ({@link InnerTarget}; another
 * host is 421), policy sees them as the client sent them with scheme https, and their access records say inspected
 * (and untrusted, when a pass-through rule forwards to an origin that failed verification).
 */
final class InspectedRules implements RequestRules {
    private final ProxyServices services;
    private final InspectedOrigin origin;
    private final boolean http2Origin;

    InspectedRules(ProxyServices services, InspectedOrigin origin, OriginLink link) {
        this.services = services;
        this.origin = origin;
        this.http2Origin = link.http2();
    }

    @Override
    public RequestTarget target(HttpRequest request) throws ProxyFailure, ClosingRefusal {
        RequestChecks.requireHttp1(request.protocolVersion());
        if (HttpMethod.CONNECT.equals(request.method())) {
            throw new ProxyFailure(ErrorCode.BAD_REQUEST, "CONNECT inside an inspected tunnel is not supported");
        }
        return InnerTarget.parse(request, origin);
    }

    @Override
    public void check(RequestTarget target, HttpRequest request) throws ProxyFailure {
        RequestChecks.requireUnambiguousFraming(request.headers());
    }

    @Override
    public GateVerdict admit(Channel client, RequestTarget target, HttpRequest request) {
        GateVerdict verdict = services.policyGate().checkRequest(client, target, request, "https");
        if (verdict.kind() == GateVerdict.Kind.ALLOW) {
            for (HttpConversionUtil.ExtensionHeaderNames name : HttpConversionUtil.ExtensionHeaderNames.values()) {
                request.headers().remove(name.text()); // Netty's HTTP/2 bookkeeping, never a header of the client's
            }
            OriginForm.rewrite(request, target, client, services.settings().viaPseudonym(), http2Origin);
        }
        return verdict;
    }

    @Override
    public String url(RequestTarget target, HttpRequest request) {
        return target == null ? "https://" + origin.target() + request.uri() : InnerTarget.url(target);
    }

    @Override
    public Authority tunnel() {
        return origin.target();
    }

    @Override
    public AccessRecord annotate(AccessRecord record, String action) {
        if (origin.untrusted() && !"block".equals(action) && !"redirect".equals(action)) {
            return record.withTlsUntrusted(); // it reached (or tried to reach) an origin that did not verify
        }
        return record;
    }
}
