package dev.portcullis.proxy.inspect;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;

import javax.net.ssl.SSLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client TLS that accepts any origin certificate. Used only to re-dial an origin whose certificate already failed
 * verification, when the matching rule's {@code untrusted_cert.action} is {@code pass_through}; every such tunnel is
 * logged at warn. Never used for anything the rule did not ask for.
 */
final class UnverifiedTls {
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    private final Map<List<String>, SslContext> contexts = new ConcurrentHashMap<>();

    SslHandler newHandler(ByteBufAllocator alloc, String serverName, int port, List<String> alpn) {
        return contexts.computeIfAbsent(List.copyOf(alpn), UnverifiedTls::build).newHandler(alloc, serverName, port);
    }

    private static SslContext build(List<String> alpn) {
        try {
            SslContextBuilder b = SslContextBuilder.forClient()
                    .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
                    .trustManager(InsecureTrustManagerFactory.INSTANCE)
                    .protocols(PROTOCOLS);
            if (!alpn.isEmpty()) {
                b.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, alpn));
            }
            return b.build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the pass-through upstream TLS context for " + alpn, e);
        }
    }
}
