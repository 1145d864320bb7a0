/**
 * HTTP/1.x forward proxying. Start at {@link dev.portcullis.proxy.http1.ForwardProxyHandler}, which turns each
 * decoded absolute-form request into an {@link dev.portcullis.proxy.http1.HttpExchange} (one request and its
 * streamed response); {@link dev.portcullis.proxy.http1.ClientCodec} pairs the strict request decoder with the
 * response encoder.
 */
package dev.portcullis.proxy.http1;
