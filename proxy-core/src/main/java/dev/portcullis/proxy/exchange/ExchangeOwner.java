package dev.portcullis.proxy.exchange;

/** Where an {@link Exchange} reports its end: a client connection (HTTP/1.x) or one HTTP/2 client stream. */
public interface ExchangeOwner {
    /** @param keepAlive whether the client connection may carry another request (HTTP/1.x only) */
    void exchangeFinished(Exchange finished, boolean keepAlive);
}
