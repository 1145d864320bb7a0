/**
 * HTTP/1.x forward proxying. Start at {@link dev.portcullis.proxy.http1.ForwardProxyHandler}, which turns each
 * decoded absolute-form request into an {@link dev.portcullis.proxy.exchange.Exchange} (one request and its
 * streamed response) with {@code ForwardRules} (target, checks, policy) and a {@code ForwardOrigin} (pooled or
 * dialled connection, retry on the keep-alive race); {@link dev.portcullis.proxy.http1.ClientCodec} pairs the strict
 * request decoder with the response encoder.
 */
package dev.portcullis.proxy.http1;
