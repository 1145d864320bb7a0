package dev.portcullis.proxy.daemon;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The body of {@code GET /v1/status}: what an operator asks first about a running daemon. */
final class StatusReport {
    private StatusReport() {
    }

    static Map<String, Object> of(Daemon daemon) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("version", Main.version());
        status.put("started_at", daemon.startedAt().toString());
        status.put("uptime_seconds", Duration.between(daemon.startedAt(), Instant.now()).toSeconds());
        status.put("transport", daemon.transportName());
        status.put("ready", daemon.readiness().failing().isEmpty());
        status.put("draining", daemon.draining());
        Map<String, Object> listeners = new LinkedHashMap<>();
        listeners.put("proxy", daemon.boundProxyAddresses().stream().map(StatusReport::address).toList());
        listeners.put("admin", address(daemon.adminAddress()));
        status.put("listeners", listeners);
        status.put("active_connections", daemon.activeConnections());
        status.put("active_tunnels", daemon.activeTunnels());
        daemon.statusSections().forEach((key, value) -> status.put(key, value.get()));
        return status;
    }

    private static String address(java.net.InetSocketAddress a) {
        String host = io.netty.util.NetUtil.toAddressString(a.getAddress());
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
