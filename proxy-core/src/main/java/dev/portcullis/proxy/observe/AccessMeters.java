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
 * Counts what access records report: requests by organisation, action and status class, tunnels by organisation
 * and action, error responses by
 * their {@code X-Portcullis-Error} code, bytes, and durations. Meters are cached per tag value; values seen for the
 * first time are registered once, up to a bound, after which they count as {@code other}.
 */
final class AccessMeters {
    static final String[] KNOWN_ACTIONS = {"allow", "block", "redirect", "error", "pac"};
    private static final String[] STATUS_CLASSES = {"none", "1xx", "2xx", "3xx", "4xx", "5xx"};
    private static final int MAX_VALUES = 64;
    /** Configs hold at most 1024 organisations; past this, unseen ones count as {@code other}. */
    private static final int MAX_ORGS = 1100;
    private final java.util.Set<String> actionsSeen = ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> orgsSeen = ConcurrentHashMap.newKeySet();
    /** Tag of records no organisation was attributed to (refused before attribution, or attribution off). */
    private volatile String unattributed = "default";

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
        register(unattributed);
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

    /** Registers the counters of {@code org} at zero, so dashboards see every organisation from the start. */
    void register(String org) {
        for (String action : KNOWN_ACTIONS) {
            requestCounters(org, action);
            tunnelCounter(org, action);
        }
    }

    void unattributed(String org) {
        unattributed = org;
    }

    void record(AccessRecord r) {
        boolean tunnel = "tunnel".equals(r.kind());
        String action = r.action() == null ? "none" : r.action();
        String org = r.org() == null ? unattributed : r.org();
        if (tunnel) {
            tunnelCounter(org, action).increment();
            fromClientsTunnel.increment(r.bytesFromClient());
            toClientsTunnel.increment(r.bytesToClient());
            tunnelDuration.record(r.durationNanos(), TimeUnit.NANOSECONDS);
        } else {
            requestCounters(org, action)[statusClass(r.status())].increment();
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

    private Counter[] requestCounters(String org, String action) {
        String key = org + '\0' + action;
        Counter[] found = requests.get(key);
        if (found != null) {
            return found;
        }
        String o = bounded(orgsSeen, org, MAX_ORGS);
        String a = bounded(actionsSeen, action, MAX_VALUES);
        return requests.computeIfAbsent(o + '\0' + a, k -> {
            Counter[] byClass = new Counter[STATUS_CLASSES.length];
            for (int i = 0; i < byClass.length; i++) {
                byClass[i] = Counter.builder("portcullis.requests").tag("org", o).tag("action", a)
                        .tag("status", STATUS_CLASSES[i])
                        .description("HTTP requests handled, by organisation, action and response status class")
                        .register(registry);
            }
            return byClass;
        });
    }

    private Counter tunnelCounter(String org, String action) {
        String key = org + '\0' + action;
        Counter found = tunnels.get(key);
        if (found != null) {
            return found;
        }
        String o = bounded(orgsSeen, org, MAX_ORGS);
        String a = bounded(actionsSeen, action, MAX_VALUES);
        return tunnels.computeIfAbsent(o + '\0' + a, k -> Counter.builder("portcullis.tunnels").tag("org", o)
                .tag("action", a).description("CONNECT requests handled, by organisation and action")
                .register(registry));
    }

    /** {@code value} itself while fewer than {@code max} distinct values were seen, then {@code other}. */
    private static String bounded(java.util.Set<String> seen, String value, int max) {
        if (seen.contains(value)) {
            return value;
        }
        if (seen.size() < max) {
            seen.add(value);
            return value;
        }
        return "other";
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
