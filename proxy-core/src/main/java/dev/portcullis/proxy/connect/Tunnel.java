package dev.portcullis.proxy.connect;

import dev.portcullis.proxy.auth.ChannelIdentity;
import dev.portcullis.proxy.observe.AccessLogger;
import dev.portcullis.proxy.observe.AccessRecord;
import dev.portcullis.proxy.observe.ProxyMetrics;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * One CONNECT tunnel's shared state — byte counts, half-closes, why it ended, and the single access record written
 * when both sides are gone — for HTTP/1.1 CONNECT ({@link TunnelRelay}) and HTTP/2 CONNECT streams alike. Touched
 * only from the client connection's event loop (both sides share it).
 */
public final class Tunnel {
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

    /**
     * @param client the client connection (or HTTP/2 stream): its address, proven user and organisation go into the
     *               record
     */
    public Tunnel(AccessLogger accessLogger, ProxyMetrics metrics, String requestId, Channel client, String host, int port) {
        this.accessLogger = accessLogger;
        this.metrics = metrics;
        this.requestId = requestId;
        this.clientChannel = client;
        this.client = (InetSocketAddress) client.remoteAddress();
        this.host = host;
        this.port = port;
    }

    public void established(InetSocketAddress destination, String ruleId, String ruleName) {
        this.destination = destination;
        this.ruleId = ruleId;
        this.ruleName = ruleName;
        metrics.tunnelOpened();
    }

    public void countBytes(boolean fromClientSide, int n) {
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

    public void idleTimeout() {
        endReason("tunnel_idle_timeout");
    }

    /** The first reason given is the one recorded. */
    public void endReason(String reason) {
        if (endReason == null) {
            endReason = reason;
        }
    }

    public void failed(boolean clientSide, Throwable cause) {
        log.debug("tunnel {} to {}:{} failed on the {} side: {}", requestId, host, port,
                clientSide ? "client" : "origin", cause.toString());
        endReason(clientSide ? "client_error" : "upstream_error");
    }

    /** One side is gone; when both are, the tunnel is counted closed and its access record written. */
    public void sideClosed() {
        if (++closedSides == 2) {
            if (destination != null) {
                metrics.tunnelClosed();
            }
            AccessRecord record = new AccessRecord(startedAt, System.nanoTime() - startNanos, requestId, "tunnel",
                    client == null ? null : client.getAddress().getHostAddress(), client == null ? 0 : client.getPort(),
                    "CONNECT", host + ":" + port, host, port,
                    destination == null ? null : destination.getAddress().getHostAddress(), 200, fromClient, toClient,
                    "allow", ruleId, ruleName, endReason, false);
            accessLogger.log(ChannelIdentity.annotate(clientChannel, record));
        }
    }
}
