/**
 * Who may use the proxy: source ranges per listener and proxy authentication. Start at {@link
 * dev.portcullis.proxy.auth.ProxyAuth} (built once by the daemon from the config; hands out the pipeline handlers
 * and the {@link dev.portcullis.proxy.auth.AuthCounters}), then {@code ProxyAuthHandler} (HTTP/1.1: 407 / 429 /
 * admit), {@link dev.portcullis.proxy.auth.StreamAuthenticator} (the same for one HTTP/2 stream),
 * {@link dev.portcullis.proxy.auth.ClientCertificates} (identity of a verified client certificate on the HTTPS
 * listener) and {@link dev.portcullis.proxy.auth.ChannelIdentity} (where the proven identity lives for
 * {@code ContextBuilder}). Credentials: {@link dev.portcullis.proxy.auth.UsersFile} (htpasswd, bcrypt only),
 * {@code DeviceTokens} (SHA-256, constant-time), {@code BcryptVerifier} (bounded pool off the event loops, success
 * cache), {@code FailureThrottle} (failures per address).
 */
package dev.portcullis.proxy.auth;
