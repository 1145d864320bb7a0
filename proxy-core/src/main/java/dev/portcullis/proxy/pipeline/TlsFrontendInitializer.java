package dev.portcullis.proxy.pipeline;

import dev.portcullis.policy.gateway.Identity;
import dev.portcullis.proxy.auth.ChannelIdentity;
import dev.portcullis.proxy.auth.ClientCertificates;
import dev.portcullis.proxy.auth.ProxyAuth;
import dev.portcullis.proxy.auth.StreamAuthenticator;
import dev.portcullis.proxy.http2.Http2Frontend;
import dev.portcullis.proxy.http2.Http2Limits;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of a client connection on the HTTPS proxy listener: connection cap → TLS with the proxy's own
 * certificate (a handshake deadline) → ALPN. {@code http/1.1} (or no ALPN) continues with exactly the handlers of
 * the plain listener ({@link FrontendInitializer}); {@code h2} with {@link Http2Frontend}, which checks proxy
 * credentials on every stream. With client certificates, a verified one sets the connection's identity first.
 */
public final class TlsFrontendInitializer extends ChannelInitializer<SocketChannel> {
    private static final Logger log = LoggerFactory.getLogger(TlsFrontendInitializer.class);
    static final String TLS = "client-tls";
    static final String HANDSHAKE_TIMEOUT = "tls-handshake-timeout";
    static final String ALPN = "alpn";

    private final ProxyServices services;
    private final SslContext sslContext;
    private final FrontendInitializer http1;
    private final Http2Limits http2Limits;
    private final StreamAuthenticator streamAuth;
    private final ClientCertificates clientCerts;

    /** No proxy authentication and no client certificates. */
    public TlsFrontendInitializer(ProxyServices services, SslContext sslContext, FrontendInitializer http1) {
        this(services, sslContext, http1, null, null);
    }

    /**
     * @param sslContext  a server context offering ALPN {@code h2} and/or {@code http/1.1}
     * @param http1       the plain listener's initializer, so both listeners share source ranges and credentials
     * @param auth        the credentials every HTTP/2 stream must carry (as every HTTP/1.1 request does through
     *                    {@code http1}); null = none
     * @param clientCerts who verified client certificates are, when {@code sslContext} asks for them; null = it
     *                    does not
     */
    public TlsFrontendInitializer(ProxyServices services, SslContext sslContext, FrontendInitializer http1,
                                  ProxyAuth auth, ClientCertificates clientCerts) {
        this.services = services;
        this.sslContext = sslContext;
        this.http1 = http1;
        ProxySettings s = services.settings();
        this.http2Limits = Http2Limits.of(s);
        this.streamAuth = auth == null || !auth.required() ? null
                : new StreamAuthenticator(auth, services.accessLogger());
        this.clientCerts = clientCerts;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        http1.addSourceFilter(p);
        p.addLast(PipelineNames.CONNECTION_LIMIT, services.connectionLimiter());
        // The header read timeout doubles as the handshake deadline: a client that stalls in TLS is a slowloris too.
        p.addLast(HANDSHAKE_TIMEOUT, new ReadTimeoutHandler(
                services.settings().headerReadTimeout().toMillis(), TimeUnit.MILLISECONDS));
        SslHandler tls = sslContext.newHandler(ch.alloc());
        p.addLast(TLS, tls);
        p.addLast(ALPN, new Alpn());
        tls.handshakeFuture().addListener(f -> {
            if (p.get(HANDSHAKE_TIMEOUT) != null) {
                p.remove(HANDSHAKE_TIMEOUT);
            }
        });
        ch.read(); // auto-read is off on client connections; the handshake needs the ClientHello
    }

    private final class Alpn extends ApplicationProtocolNegotiationHandler {
        Alpn() {
            super(ApplicationProtocolNames.HTTP_1_1);
        }

        @Override
        protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
            ChannelPipeline p = ctx.pipeline();
            if (clientCerts != null) {
                identifyClient(ctx);
            }
            if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                Http2Frontend.configure(p, services, http2Limits, streamAuth);
                return;
            }
            if (!ApplicationProtocolNames.HTTP_1_1.equals(protocol)) {
                throw new IllegalStateException("ALPN chose '" + protocol + "', which this listener never offers");
            }
            http1.addHttp1(p);
            // The HTTP/1 handlers arm their idle clock and ask for the first request on channelActive, which this
            // connection passed before ALPN was known.
            ctx.fireChannelActive();
        }

        @Override
        protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
            if (clientCerts != null) {
                // With client certificates a failed handshake is often a person locked out: say why.
                log.info("TLS handshake from {} failed (this listener verifies client certificates against "
                        + "proxy.tls_client_ca): {}", ctx.channel().remoteAddress(), cause.getMessage());
            } else {
                log.debug("TLS handshake from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            }
            ctx.close();
        }

        /** A verified client certificate (BoringSSL checked the chain) authenticates the whole connection. */
        private void identifyClient(ChannelHandlerContext ctx) {
            SslHandler tls = ctx.pipeline().get(SslHandler.class);
            Certificate[] peer;
            try {
                peer = tls.engine().getSession().getPeerCertificates();
            } catch (SSLPeerUnverifiedException e) {
                return; // tls_client_auth optional, and none sent: credentials decide, as without mTLS
            }
            if (peer.length > 0 && peer[0] instanceof X509Certificate leaf) {
                Identity identity = clientCerts.identify(leaf);
                ChannelIdentity.setCertified(ctx.channel(), identity);
                log.debug("client {} authenticated by certificate '{}' as {}", ctx.channel().remoteAddress(),
                        leaf.getSubjectX500Principal().getName(), identity.email() != null ? identity.email()
                                : identity.name());
            }
        }
    }
}
