package dev.portcullis.proxy.inspect;

/** Where an {@link InspectedExchange} reports its end: an HTTP/1.1 client connection, or one HTTP/2 client stream. */
interface ExchangeOwner {
    /** @param keepAlive whether the client connection may carry another request (HTTP/1.1 only) */
    void exchangeFinished(InspectedExchange finished, boolean keepAlive);
}
