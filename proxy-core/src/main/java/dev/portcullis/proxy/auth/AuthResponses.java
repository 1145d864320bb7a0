package dev.portcullis.proxy.auth;

import dev.portcullis.proxy.errors.ErrorCode;
import dev.portcullis.proxy.errors.ErrorResponses;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;

import java.util.List;

/** The answers to requests that did not prove who they are; the codes and statuses come from {@link ErrorCode}. */
final class AuthResponses {
    private AuthResponses() {
    }

    static ErrorCode code(AuthOutcome outcome) {
        if (outcome instanceof AuthOutcome.Missing) {
            return ErrorCode.PROXY_AUTH_REQUIRED;
        }
        if (outcome instanceof AuthOutcome.Invalid) {
            return ErrorCode.PROXY_AUTH_INVALID;
        }
        if (outcome instanceof AuthOutcome.Throttled) {
            return ErrorCode.PROXY_AUTH_THROTTLED;
        }
        if (outcome instanceof AuthOutcome.Busy) {
            return ErrorCode.PROXY_AUTH_BUSY;
        }
        throw new IllegalArgumentException("accepted requests need no refusal");
    }

    static FullHttpResponse refusal(ByteBufAllocator alloc, AuthOutcome outcome, List<String> challenges,
                                    String requestId, boolean close) {
        ErrorCode code = code(outcome);
        String why;
        if (outcome instanceof AuthOutcome.Missing) {
            why = "this proxy requires credentials (Proxy-Authorization)";
        } else if (outcome instanceof AuthOutcome.Invalid) {
            why = "the proxy credentials were not accepted";
        } else if (outcome instanceof AuthOutcome.Throttled t) {
            why = "too many failed proxy logins from your address; retry in " + t.retryAfterSeconds() + " s";
        } else {
            why = "the proxy cannot check credentials right now; retry shortly";
        }
        String text = code.status().code() + " " + code.status().reasonPhrase() + ": " + why + "\nrequest id: "
                + requestId + "\n";
        FullHttpResponse r = ErrorResponses.text(alloc, code.status(), code.code(), text, requestId, close);
        if (outcome instanceof AuthOutcome.Missing || outcome instanceof AuthOutcome.Invalid) {
            challenges.forEach(c -> r.headers().add(HttpHeaderNames.PROXY_AUTHENTICATE, c));
        } else if (outcome instanceof AuthOutcome.Throttled t) {
            r.headers().set(HttpHeaderNames.RETRY_AFTER, t.retryAfterSeconds());
        } else {
            r.headers().set(HttpHeaderNames.RETRY_AFTER, 1);
        }
        return r;
    }
}
