package dev.portcullis.proxy.exchange;

import dev.portcullis.proxy.errors.ErrorResponses;
import dev.portcullis.proxy.errors.ProxyFailure;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * A request refused before anything of it is forwarded, after which the client connection closes: the request
 * line or framing cannot be trusted (forward proxy), or the request belongs on another connection (421 inside an
 * inspected tunnel). A plain {@link ProxyFailure} from {@link RequestRules#target} is answered without closing
 * when the request allows it.
 */
public final class ClosingRefusal extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient HttpResponseStatus status;
    private final String code;

    /** @param code the {@code X-Portcullis-Error} and access-log code */
    public ClosingRefusal(HttpResponseStatus status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    /** The same answer {@code failure} gets, but closing the connection after it. */
    public static ClosingRefusal of(ProxyFailure failure) {
        return new ClosingRefusal(failure.code().status(), failure.code().code(), failure.getMessage());
    }

    public String code() {
        return code;
    }

    FullHttpResponse response(ByteBufAllocator alloc, String requestId) {
        return ErrorResponses.text(alloc, status, code, status.code() + " " + status.reasonPhrase() + ": "
                + getMessage() + "\nrequest id: " + requestId + "\n", requestId, true);
    }
}
