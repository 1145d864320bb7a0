package dev.portcullis.proxy.observe;

import dev.portcullis.proxy.errors.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Counts what access records report: requests by action and status class, tunnels by action, error responses by
 * their {@code X-Portcullis-Error} code, bytes, and durations. Meters are cached per tag value; values seen for the
 * first time are registered once, up to a bound, after which they count as {@code other}.
 */
final class AccessMeters {
    static final String[] KNOWN_ACTIONS = {"allow", "block", "redirect", "error", "pac"};
    private static final String[] STATUS_CLASSES = {"none", "1xx", "2xx", "3xx", "4xx", "5xx"};
    private static final int MAX_VALUES = 64;

    private final MeterRegistry registry;
    private final Map<String, Counter[]> requests = new ConcurrentHashMap<>();
    private final Map<String, Counter> tunnels = new ConcurrentHashMap<>();
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();
    private final Counter fromClientsHttp;
    private final Counter fromClientsTunnel;
    private final Counter toClientsHttp;
    private final Counter toClientsTunnel;
    private final Timer httpDuration;
    private final Timer tunnelDuration;

    AccessMeters(MeterRegistry registry, Duration[] durationBuckets) {
        this.registry = registry;
        for (String action : KNOWN_ACTIONS) {
            requestCounters(action);
            tunnelCounter(action);
        }
        for (ErrorCode code : ErrorCode.values()) {
            errorCounter(code.code());
        }
        fromClientsHttp = bytes("portcullis.client.received", "http", "Bytes received from clients");
        fromClientsTunnel = bytes("portcullis.client.received", "tunnel", "Bytes received from clients");
        toClientsHttp = bytes("portcullis.client.sent", "http", "Bytes sent to clients");
        toClientsTunnel = bytes("portcullis.client.sent", "tunnel", "Bytes sent to clients");
        httpDuration = Timer.builder("portcullis.exchange.duration").tag("kind", "http")
                .description("Time from request head to end of response (http) or open to close (tunnel)")
                .serviceLevelObjectives(durationBuckets).register(registry);
        tunnelDuration = Timer.builder("portcullis.exchange.duration").tag("kind", "tunnel")
                .description("Time from request head to end of response (http) or open to close (tunnel)")
                .serviceLevelObjectives(durationBuckets).register(registry);
    }

    void record(AccessRecord r) {
        boolean tunnel = "tunnel".equals(r.kind());
        String action = r.action() == null ? "none" : r.action();
        if (tunnel) {
            tunnelCounter(action).increment();
            fromClientsTunnel.increment(r.bytesFromClient());
            toClientsTunnel.increment(r.bytesToClient());
            tunnelDuration.record(r.durationNanos(), TimeUnit.NANOSECONDS);
        } else {
            requestCounters(action)[statusClass(r.status())].increment();
            fromClientsHttp.increment(r.bytesFromClient());
            toClientsHttp.increment(r.bytesToClient());
            httpDuration.record(r.durationNanos(), TimeUnit.NANOSECONDS);
        }
        // Tunnels report how they ended in errorCode with a 200 status: those are not error responses.
        if (r.errorCode() != null && r.status() >= 400) {
            errorCounter(r.errorCode()).increment();
        }
    }

    static int statusClass(int status) {
        return status >= 100 && status < 600 ? status / 100 : 0;
    }

    private Counter[] requestCounters(String action) {
        Counter[] found = requests.get(action);
        if (found != null) {
            return found;
        }
        String tag = requests.size() < MAX_VALUES ? action : "other";
        return requests.computeIfAbsent(tag, a -> {
            Counter[] byClass = new Counter[STATUS_CLASSES.length];
            for (int i = 0; i < byClass.length; i++) {
                byClass[i] = Counter.builder("portcullis.requests").tag("action", a).tag("status", STATUS_CLASSES[i])
                        .description("HTTP requests handled, by action and response status class")
                        .register(registry);
            }
            return byClass;
        });
    }

    private Counter tunnelCounter(String action) {
        Counter found = tunnels.get(action);
        if (found != null) {
            return found;
        }
        String tag = tunnels.size() < MAX_VALUES ? action : "other";
        return tunnels.computeIfAbsent(tag, a -> Counter.builder("portcullis.tunnels").tag("action", a)
                .description("CONNECT requests handled, by action").register(registry));
    }

    private Counter errorCounter(String code) {
        Counter found = errors.get(code);
        if (found != null) {
            return found;
        }
        String tag = errors.size() < MAX_VALUES ? code : "other";
        return errors.computeIfAbsent(tag, c -> Counter.builder("portcullis.error.responses").tag("code", c)
                .description("Error answers sent, by X-Portcullis-Error code").register(registry));
    }

    private Counter bytes(String name, String kind, String description) {
        return Counter.builder(name).tag("kind", kind).baseUnit("bytes").description(description).register(registry);
    }
}
