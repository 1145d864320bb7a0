package dev.portcullis.e2e.support;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import javax.net.ssl.SSLException;

/** TLS server contexts for test origins, from a {@link TestPki} leaf. */
public final class TlsOrigins {
    private TlsOrigins() {
    }

    public static SslContext server(TestPki.Leaf leaf, String... alpn) {
        try {
            SslContextBuilder b = SslContextBuilder.forServer(leaf.key(), leaf.cert(), leaf.issuer());
            if (alpn.length > 0) {
                b.applicationProtocolConfig(new io.netty.handler.ssl.ApplicationProtocolConfig(
                        io.netty.handler.ssl.ApplicationProtocolConfig.Protocol.ALPN,
                        io.netty.handler.ssl.ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        io.netty.handler.ssl.ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
                        alpn));
            }
            return b.build();
        } catch (SSLException e) {
            throw new IllegalStateException(e);
        }
    }
}
