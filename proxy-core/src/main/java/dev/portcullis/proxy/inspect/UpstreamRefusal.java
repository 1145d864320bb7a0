package dev.portcullis.proxy.inspect;

import dev.portcullis.proxy.errors.ProxyFailure;
import dev.portcullis.tls.context.CertificateProblem;
import io.netty.handler.codec.http.HttpResponseStatus;

/** Why an inspected tunnel cannot be forwarded: the status, the {@code X-Portcullis-Error} code and a sentence. */
record UpstreamRefusal(HttpResponseStatus status, String code, String sentence) {
    /** The error code for every refused origin certificate; the sentence names the problem. */
    static final String UPSTREAM_CERTIFICATE = "upstream_certificate";

    static UpstreamRefusal certificate(CertificateProblem problem, String host) {
        return new UpstreamRefusal(HttpResponseStatus.BAD_GATEWAY, UPSTREAM_CERTIFICATE,
                problem.sentence() + " (" + problem.name().toLowerCase(java.util.Locale.ROOT) + ", " + host + ")");
    }

    /** The origin's certificate failed and the inspecting rule's {@code untrusted_cert.action} is block. */
    static UpstreamRefusal blocked(CertificateProblem problem, String host, String rule) {
        return new UpstreamRefusal(HttpResponseStatus.FORBIDDEN, dev.portcullis.proxy.errors.ErrorCode.POLICY_BLOCK.code(),
                problem.sentence() + " (" + problem.name().toLowerCase(java.util.Locale.ROOT) + ", " + host
                        + "). Policy" + (rule == null ? "" : " rule '" + rule + "'") + " blocks sites whose certificate"
                        + " cannot be verified.");
    }

    static UpstreamRefusal of(ProxyFailure failure) {
        return new UpstreamRefusal(failure.code().status(), failure.code().code(), failure.getMessage());
    }
}
