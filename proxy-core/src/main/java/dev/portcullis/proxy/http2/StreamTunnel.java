package dev.portcullis.proxy.http2;

import dev.portcullis.proxy.auth.ChannelIdentity;
import dev.portcullis.proxy.observe.AccessLogger;
import dev.portcullis.proxy.observe.AccessRecord;
import dev.portcullis.proxy.observe.ProxyMetrics;

import io.netty.channel.Channel;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * One CONNECT stream's shared state: byte counts, which sides have ended, and the single access record written when
 * both relays are gone. Touched only from the connection's event loop (stream and upstream share it).
 */
final class StreamTunnel {
    private final AccessLogger accessLogger;
    private final ProxyMetrics metrics;
    private final String requestId;
    private final Channel stream;
    private final InetSocketAddress client;
    private final String host;
    private final int port;
    private final Instant startedAt = Instant.now();
    private final long startNanos = System.nanoTime();
    private InetSocketAddress destination;
    private String ruleId;
    private String ruleName;
    private long fromClient;
    private long toClient;
    private int closedSides;
    private String endReason;

    StreamTunnel(AccessLogger accessLogger, ProxyMetrics metrics, String requestId, Channel stream, String host,
                 int port) {
        this.accessLogger = accessLogger;
        this.metrics = metrics;
        this.requestId = requestId;
        this.stream = stream;
        this.client = (InetSocketAddress) stream.remoteAddress(); // a stream reports its connection's addresses
        this.host = host;
        this.port = port;
    }

    void established(InetSocketAddress destination, String ruleId, String ruleName) {
        this.destination = destination;
        this.ruleId = ruleId;
        this.ruleName = ruleName;
        metrics.tunnelOpened();
    }

    void countFromClient(int n) {
        fromClient += n;
    }

    void countToClient(int n) {
        toClient += n;
    }

    void endReason(String reason) {
        if (endReason == null) {
            endReason = reason;
        }
    }

    void sideClosed() {
        if (++closedSides == 2) {
            metrics.tunnelClosed();
            accessLogger.log(ChannelIdentity.annotate(stream, new AccessRecord(startedAt, System.nanoTime() - startNanos, requestId, "tunnel",
                    client.getAddress().getHostAddress(), client.getPort(), "CONNECT", host + ":" + port, host, port,
                    destination == null ? null : destination.getAddress().getHostAddress(), 200, fromClient,
                    toClient, "allow", ruleId, ruleName, endReason, false)));
        }
    }
}
