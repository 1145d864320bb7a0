/**
 * HTTP semantics that do not depend on the protocol version, shared by the HTTP/1.1 proxy ({@code http1}), HTTP/2
 * streams ({@code http2}), TLS inspection and the exchange core: parsing an authority
 * ({@link dev.portcullis.proxy.http.Authority}) and a request target ({@link dev.portcullis.proxy.http.RequestTarget}),
 * the hop-by-hop headers a proxy must not forward ({@link dev.portcullis.proxy.http.HopByHopHeaders}), the Via entry it
 * adds ({@link dev.portcullis.proxy.http.ViaHeader}) and request ids for logs and error pages.
 */
package dev.portcullis.proxy.http;
