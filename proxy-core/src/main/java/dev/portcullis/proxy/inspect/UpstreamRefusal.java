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

    static UpstreamRefusal of(ProxyFailure failure) {
        return new UpstreamRefusal(failure.code().status(), failure.code().code(), failure.getMessage());
    }
}
