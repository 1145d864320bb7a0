package dev.portcullis.tls.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.Test;

class TlsProviderTest {

    @Test
    void usesBoringSslOnThisPlatform() {
        // The build ships netty-tcnative-boringssl-static for linux-x86_64, so the native provider must load here.
        assertTrue(OpenSsl.isAvailable(), "BoringSSL did not load: " + OpenSsl.unavailabilityCause());
        assertEquals(SslProvider.OPENSSL, TlsProvider.active());
        assertTrue(TlsProvider.isBoringSsl());
        assertTrue(TlsProvider.describe().startsWith("BoringSSL via netty-tcnative"), TlsProvider.describe());
    }
}
