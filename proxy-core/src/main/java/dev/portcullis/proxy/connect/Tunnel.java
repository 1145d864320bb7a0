package dev.portcullis.proxy.connect;

import dev.portcullis.proxy.auth.ChannelIdentity;
import dev.portcullis.proxy.observe.AccessLogger;
import io.netty.channel.Channel;
import dev.portcullis.proxy.observe.AccessRecord;
import dev.portcullis.proxy.observe.ProxyMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Instant;

/** One CONNECT tunnel's shared state: byte counts, half-closes, and the single access record at its end. */
final class Tunnel {
    private static final Logger log = LoggerFactory.getLogger(Tunnel.class);

    private final AccessLogger accessLogger;
    private final ProxyMetrics metrics;
    private final String requestId;
    private final String host;
    private final int port;
    private final Channel clientChannel;
    private final InetSocketAddress client;
    private final Instant startedAt = Instant.now();
    private final long startNanos = System.nanoTime();
    private InetSocketAddress destination;
    private String ruleId;
    private String ruleName;
    private long fromClient;
    private long toClient;
    private boolean clientInputShut;
    private boolean upstreamInputShut;
    private int closedSides;
    private String endReason;

    /** @param client the client connection: its address, proven user and organisation go into the record */
    Tunnel(AccessLogger accessLogger, ProxyMetrics metrics, String requestId, Channel client, String host, int port) {
        this.accessLogger = accessLogger;
        this.metrics = metrics;
        this.requestId = requestId;
        this.clientChannel = client;
        this.client = (InetSocketAddress) client.remoteAddress();
        this.host = host;
        this.port = port;
    }

    void established(InetSocketAddress destination, String ruleId, String ruleName) {
        this.destination = destination;
        this.ruleId = ruleId;
        this.ruleName = ruleName;
        metrics.tunnelOpened();
    }

    void countBytes(boolean fromClientSide, int n) {
        if (fromClientSide) {
            fromClient += n;
        } else {
            toClient += n;
        }
    }

    /** @return true when both directions have been half-closed, i.e. the tunnel is finished */
    boolean halfClosed(boolean clientSide) {
        if (clientSide) {
            clientInputShut = true;
        } else {
            upstreamInputShut = true;
        }
        return clientInputShut && upstreamInputShut;
    }

    void idleTimeout() {
        if (endReason == null) {
            endReason = "tunnel_idle_timeout";
        }
    }

    void failed(boolean clientSide, Throwable cause) {
        log.debug("tunnel {} to {}:{} failed on the {} side: {}", requestId, host, port,
                clientSide ? "client" : "origin", cause.toString());
        if (endReason == null) {
            endReason = clientSide ? "client_error" : "upstream_error";
        }
    }

    void sideClosed(boolean clientSide) {
        if (++closedSides == 2) {
            if (destination != null) {
                metrics.tunnelClosed();
            }
            accessLogger.log(ChannelIdentity.annotate(clientChannel, new AccessRecord(startedAt, System.nanoTime() - startNanos, requestId, "tunnel",
                    client == null ? null : client.getAddress().getHostAddress(), client == null ? 0 : client.getPort(),
                    "CONNECT", host + ":" + port, host, port,
                    destination == null ? null : destination.getAddress().getHostAddress(), 200, fromClient, toClient,
                    "allow", ruleId, ruleName, endReason, false)));
        }
    }
}
