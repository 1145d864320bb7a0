package dev.portcullis.proxy.daemon;

import dev.portcullis.config.DaemonConfig;
import dev.portcullis.config.HostPort;
import dev.portcullis.tls.ca.CertificateAuthority;
import dev.portcullis.tls.ca.KeyMaterialException;
import dev.portcullis.tls.context.ProxyServerIdentity;
import dev.portcullis.tls.ca.PemFiles;
import dev.portcullis.tls.mint.LeafMinter;
import dev.portcullis.tls.mint.LeafSpec;
import dev.portcullis.tls.mint.MintedLeaf;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslContext;

import javax.net.ssl.SSLException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The server TLS context of the HTTPS proxy listener ({@code proxy.tls_listen}): the configured certificate, or one
 * minted from the inspection CA for the listener's host, asking for client certificates when
 * {@code proxy.tls_client_ca} is set. Built before any thread starts, so bad key material stops the start with the
 * loader's message.
 */
final class TlsListener {
    private TlsListener() {
    }

    /**
     * @return the context offering ALPN h2 and http/1.1 (proxy credentials are checked per stream on h2, as per
     *         request on http/1.1), asking for client certificates when {@code proxy.tls_client_ca} is set; or null
     *         when no HTTPS listener is configured
     */
    static SslContext serverContext(DaemonConfig config) {
        var proxy = config.proxy();
        if (proxy.tlsListen().isEmpty()) {
            return null;
        }
        HostPort listen = proxy.tlsListen().get();
        List<String> alpn = List.of(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1);
        try {
            if (proxy.tlsClientCa().isPresent()) {
                // ProxyServerIdentity keeps its key to itself and builds contexts without client authentication, so
                // with mTLS the same key material is loaded (or minted) here and the context built by MutualTls.
                return withClientAuth(config, listen, alpn);
            }
            ProxyServerIdentity identity;
            if (proxy.tlsCert().isPresent() && proxy.tlsKey().isPresent()) {
                identity = ProxyServerIdentity.load(proxy.tlsCert().get(), proxy.tlsKey().get());
            } else if (config.inspection().enabled()) {
                identity = ProxyServerIdentity.mint(new LeafMinter(loadCa(config)), names(listen), Clock.systemUTC());
            } else {
                throw noCertificate(listen);
            }
            return identity.serverContext(alpn);
        } catch (KeyMaterialException e) {
            throw new IllegalArgumentException("HTTPS proxy listener: " + e.getMessage(), e);
        } catch (SSLException e) {
            throw new IllegalArgumentException("HTTPS proxy listener: cannot build the TLS context: " + e.getMessage(),
                    e);
        }
    }

    private static SslContext withClientAuth(DaemonConfig config, HostPort listen, List<String> alpn)
            throws KeyMaterialException, SSLException {
        var proxy = config.proxy();
        PrivateKey key;
        List<X509Certificate> chain;
        if (proxy.tlsCert().isPresent() && proxy.tlsKey().isPresent()) {
            chain = PemFiles.readCertificates(proxy.tlsCert().get());
            key = PemFiles.readPrivateKey(proxy.tlsKey().get());
            PemFiles.requireMatchingKey(key, chain.get(0), proxy.tlsKey().get(), proxy.tlsCert().get());
        } else if (config.inspection().enabled()) {
            MintedLeaf leaf = new LeafMinter(loadCa(config)).mint(LeafSpec.forNames(names(listen), Clock.systemUTC(),
                    ProxyServerIdentity.MINTED_VALIDITY));
            key = leaf.key();
            chain = leaf.chain();
        } else {
            throw noCertificate(listen);
        }
        return MutualTls.serverContext(key, chain, proxy.tlsClientCa().get(), proxy.tlsClientAuth(), alpn);
    }

    private static CertificateAuthority loadCa(DaemonConfig config) throws KeyMaterialException {
        return CertificateAuthority.load(config.inspection().caCert().get(), config.inspection().caKey().get());
    }

    private static IllegalArgumentException noCertificate(HostPort listen) {
        return new IllegalArgumentException("the HTTPS proxy listener " + listen + " needs a certificate: "
                + "give --tls-cert and --tls-key (proxy.tls_cert/tls_key), or an inspection CA "
                + "(--ca-cert/--ca-key) to mint one");
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
