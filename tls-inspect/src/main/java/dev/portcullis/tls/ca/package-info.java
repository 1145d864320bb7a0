/**
 * The organisation's certificate authority. Start with {@link dev.portcullis.tls.ca.CertificateAuthority#load} (what the
 * daemon calls at start) and {@link dev.portcullis.tls.ca.CaGenerator} (what {@code portcullis ca init} calls).
 * {@link dev.portcullis.tls.ca.PemFiles} is the one place that reads PEM files and checks key file permissions.
 *
 * <p>The CA private key never leaves {@link dev.portcullis.tls.ca.CertificateAuthority}: callers hand it a certificate
 * builder to sign, so no other class can log, cache or hand out the key.
 */
package dev.portcullis.tls.ca;
