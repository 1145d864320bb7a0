package dev.portcullis.proxy.daemon;

import dev.portcullis.config.DaemonConfig;
import dev.portcullis.config.HostPort;
import dev.portcullis.tls.ca.CertificateAuthority;
import dev.portcullis.tls.ca.KeyMaterialException;
import dev.portcullis.tls.context.ProxyServerIdentity;
import dev.portcullis.tls.mint.LeafMinter;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;

import javax.net.ssl.SSLException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The server TLS context of the HTTPS proxy listener ({@code proxy.tls_listen}): the configured certificate, or one
 * minted from the inspection CA for the listener's host. Built before any thread starts, so bad key material stops
 * the start with the loader's message.
 */
final class TlsListener {
    private TlsListener() {
    }

    /**
     * @param http2 whether to offer h2: not while proxy authentication is on, because credentials are checked by the
     *              HTTP/1 handlers only (per-stream auth over h2 is the next step), and an h2 stream must never
     *              bypass them
     * @return the context offering ALPN (h2 and) http/1.1, or null when no HTTPS listener is configured
     */
    static SslContext serverContext(DaemonConfig config, boolean http2) {
        var proxy = config.proxy();
        if (proxy.tlsListen().isEmpty()) {
            return null;
        }
        HostPort listen = proxy.tlsListen().get();
        ProxyServerIdentity identity;
        try {
            if (proxy.tlsCert().isPresent() && proxy.tlsKey().isPresent()) {
                identity = ProxyServerIdentity.load(proxy.tlsCert().get(), proxy.tlsKey().get());
            } else if (config.inspection().enabled()) {
                CertificateAuthority ca = CertificateAuthority.load(config.inspection().caCert().get(),
                        config.inspection().caKey().get());
                identity = ProxyServerIdentity.mint(new LeafMinter(ca), names(listen), Clock.systemUTC());
            } else {
                throw new IllegalArgumentException("the HTTPS proxy listener " + listen + " needs a certificate: "
                        + "give --tls-cert and --tls-key (proxy.tls_cert/tls_key), or an inspection CA "
                        + "(--ca-cert/--ca-key) to mint one");
            }
            return identity.serverContext(http2
                    ? List.of(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1)
                    : List.of(ApplicationProtocolNames.HTTP_1_1));
        } catch (KeyMaterialException e) {
            throw new IllegalArgumentException("HTTPS proxy listener: " + e.getMessage(), e);
        } catch (SSLException e) {
            throw new IllegalArgumentException("HTTPS proxy listener: cannot build the TLS context: " + e.getMessage(),
                    e);
        }
    }

    /** The names a minted listener certificate carries: the configured host, or for a wildcard this machine's. */
    static List<String> names(HostPort listen) {
        String host = listen.host();
        boolean wildcard = host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
        if (!wildcard) {
            return List.of(host);
        }
        List<String> names = new ArrayList<>();
        try {
            names.add(InetAddress.getLocalHost().getCanonicalHostName());
        } catch (UnknownHostException e) {
            // No resolvable host name: the loopback names below still let local clients verify.
        }
        for (String n : List.of("localhost", "127.0.0.1", "::1")) {
            if (!names.contains(n)) {
                names.add(n);
            }
        }
        return names;
    }
}
