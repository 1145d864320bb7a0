package dev.portcullis.tls.context;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which TLS implementation every context in this module uses: BoringSSL through netty-tcnative when it loads, else
 * the JDK's. Decided and logged once per JVM.
 */
public final class TlsProvider {

    private static final Logger LOG = LoggerFactory.getLogger(TlsProvider.class);

    private TlsProvider() {
    }

    /** {@link SslProvider#OPENSSL} (BoringSSL) when available, else {@link SslProvider#JDK}. */
    public static SslProvider active() {
        return Choice.PROVIDER;
    }

    /** True when BoringSSL is in use. */
    public static boolean isBoringSsl() {
        return Choice.PROVIDER == SslProvider.OPENSSL;
    }

    /**
     * One line for logs and the admin page: "BoringSSL via netty-tcnative (OpenSSL provider)" or
     * "JDK (BoringSSL unavailable: ...)".
     */
    public static String describe() {
        return Choice.DESCRIPTION;
    }

    /** Lazy holder: the native library is probed on first use, not at class load of callers. */
    private static final class Choice {
        static final SslProvider PROVIDER;
        static final String DESCRIPTION;

        static {
            if (OpenSsl.isAvailable()) {
                PROVIDER = SslProvider.OPENSSL;
                DESCRIPTION = OpenSsl.versionString() + " via netty-tcnative (OpenSSL provider)";
                LOG.info("TLS provider: {}", DESCRIPTION);
            } else {
                Throwable cause = OpenSsl.unavailabilityCause();
                PROVIDER = SslProvider.JDK;
                DESCRIPTION = "JDK (BoringSSL unavailable: " + cause + ")";
                LOG.warn("TLS provider: {}; handshakes will be slower", DESCRIPTION, cause);
            }
        }
    }
}
