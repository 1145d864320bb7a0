package dev.portcullis.proxy.http1;

import dev.portcullis.proxy.http.ViaHeader;
import dev.portcullis.proxy.http.RequestTarget;
import dev.portcullis.proxy.decision.GateVerdict;
import dev.portcullis.proxy.errors.ErrorCode;
import dev.portcullis.proxy.errors.ProxyFailure;
import dev.portcullis.proxy.exchange.ClosingRefusal;
import dev.portcullis.proxy.exchange.OriginForm;
import dev.portcullis.proxy.exchange.RequestChecks;
import dev.portcullis.proxy.exchange.RequestRules;
import dev.portcullis.proxy.pipeline.ProxyServices;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpRequest;

/**
 * Absolute-form {@code http://} requests of the plain forward proxy (HTTP/1.x, or HTTP/2 streams made to look like
 * them). A request line that does not check out closes the connection after the answer: what follows it cannot be
 * trusted to be framed as the client meant. Policy sees the request as the origin will get it, scheme http.
 */
final class ForwardRules implements RequestRules {
    private final ProxyServices services;

    ForwardRules(ProxyServices services) {
        this.services = services;
    }

    @Override
    public RequestTarget target(HttpRequest request) throws ClosingRefusal {
        try {
            if (!HttpTokens.isToken(request.method().name())) {
                throw new ProxyFailure(ErrorCode.BAD_REQUEST, "invalid method token");
            }
            RequestChecks.requireHttp1(request.protocolVersion());
            return RequestTarget.parseAbsolute(request.uri());
        } catch (ProxyFailure failure) {
            throw ClosingRefusal.of(failure);
        }
    }

    @Override
    public void check(RequestTarget target, HttpRequest request) throws ClosingRefusal {
        try {
            if (ViaHeader.containsPseudonym(request.headers(), services.settings().viaPseudonym())) {
                throw new ProxyFailure(ErrorCode.FORWARDING_LOOP,
                        "forwarding loop: the request already passed through this proxy");
            }
            RequestChecks.requireUnambiguousFraming(request.headers());
        } catch (ProxyFailure failure) {
            throw ClosingRefusal.of(failure);
        }
    }

    @Override
    public GateVerdict admit(Channel client, RequestTarget target, HttpRequest request) {
        OriginForm.rewrite(request, target, client, services.settings().viaPseudonym(), false);
        return services.policyGate().checkRequest(client, target, request, "http");
    }

    @Override
    public String url(RequestTarget target, HttpRequest request) {
        return target == null ? request.uri() : target.url();
    }
}
