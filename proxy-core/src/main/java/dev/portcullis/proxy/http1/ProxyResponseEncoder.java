package dev.portcullis.proxy.http1;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;

/** Response encoder that knows which request each response answers (see {@link MethodQueue}). */
final class ProxyResponseEncoder extends HttpResponseEncoder {
    private final MethodQueue methods;

    ProxyResponseEncoder(MethodQueue methods) {
        this.methods = methods;
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpResponse msg) {
        int code = msg.status().code();
        if (code >= 100 && code < 200) {
            return super.isContentAlwaysEmpty(msg);
        }
        HttpMethod method = methods.poll();
        if (HttpMethod.HEAD.equals(method)) {
            return true;
        }
        if (HttpMethod.CONNECT.equals(method) && code >= 200 && code < 300) {
            return true;
        }
        return super.isContentAlwaysEmpty(msg);
    }
}
