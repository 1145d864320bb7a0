package dev.portcullis.proxy.daemon;

import dev.portcullis.config.TlsClientAuth;
import dev.portcullis.tls.ca.KeyMaterialException;
import dev.portcullis.tls.ca.PemFiles;
import dev.portcullis.tls.context.TlsProvider;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import javax.net.ssl.SSLException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The HTTPS listener's server context when it verifies client certificates: the same protocols, session settings and
 * ALPN as the listener without them ({@code ClientFacingContexts}), plus the client CA bundle as the only trust
 * anchors. Chain and signature checks are BoringSSL's; the proxy only reads names off a verified certificate.
 */
final class MutualTls {
    private MutualTls() {
    }

    static SslContext serverContext(PrivateKey key, List<X509Certificate> chain, Path clientCaPem, TlsClientAuth mode,
                                    List<String> alpn) throws KeyMaterialException, SSLException {
        List<X509Certificate> clientCas = PemFiles.readCertificates(clientCaPem);
        return SslContextBuilder.forServer(key, chain)
                .keyStoreType("JKS") // see ClientFacingContexts: cheap in-memory key store
                .trustManager(clientCas)
                .clientAuth(mode == TlsClientAuth.REQUIRE ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL)
                .sslProvider(TlsProvider.active())
                .protocols("TLSv1.3", "TLSv1.2")
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, alpn))
                .sessionCacheSize(256)
                .sessionTimeout(3600)
                .build();
    }
}
