/**
 * TLS contexts on BoringSSL (netty-tcnative) with a JDK fallback ({@link dev.portcullis.tls.context.TlsProvider}).
 * Start with {@link dev.portcullis.tls.context.UpstreamTls} (verified client side towards origins, with
 * {@link dev.portcullis.tls.context.CertificateProblem} to explain failures) and
 * {@link dev.portcullis.tls.context.ClientFacingContexts} (server side towards clients, presenting minted leaves).
 * {@link dev.portcullis.tls.context.ProxyServerIdentity} is the proxy's own HTTPS listener certificate.
 */
package dev.portcullis.tls.context;
