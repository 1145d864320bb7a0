package dev.portcullis.proxy.tenancy;

import dev.portcullis.config.CidrPorts;
import dev.portcullis.config.EndpointSection;
import dev.portcullis.config.OrgSection;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which organisation a new connection belongs to, from the listener it arrived on and its source address: the most
 * specific {@code source_cidrs} match on that listener, else the one endpoint there without ranges. Where several
 * organisations share a listener without ranges, the answer is {@link Result.ByCredentials}: authentication decides.
 * Pure: no Netty, built once from the validated config.
 */
public final class Attribution {

    /** What the accept-time check found. */
    public sealed interface Result {
        /** The organisation and endpoint are known. */
        record Bound(OrgBinding binding) implements Result {
        }

        /** One of these organisations (id → endpoint name), whichever accepts the client's credentials. */
        record ByCredentials(Map<String, String> candidates) implements Result {
        }

        /** No endpoint takes this client; {@code reason} says why, for the 403 and the log. */
        record Refused(String reason) implements Result {
        }
    }

    private record Range(CidrPorts cidr, OrgBinding binding) {
    }

    private record Listener(List<Range> ranges, Map<String, String> catchAll) {
    }

    private final Map<String, Listener> listeners;
    private final OrgBinding only;

    private Attribution(Map<String, Listener> listeners, OrgBinding only) {
        this.listeners = listeners;
        this.only = only;
    }

    /** A daemon without {@code orgs}: every connection belongs to {@code org}, named by its listener address. */
    public static Attribution single(String org) {
        return new Attribution(Map.of(), new OrgBinding(org, null));
    }

    public static Attribution of(List<OrgSection> orgs) {
        Map<String, List<Range>> ranges = new HashMap<>();
        Map<String, Map<String, String>> catchAll = new HashMap<>();
        for (OrgSection o : orgs) {
            for (EndpointSection e : o.endpoints()) {
                OrgBinding b = new OrgBinding(o.id(), e.name());
                if (e.sourceCidrs().isEmpty()) {
                    catchAll.computeIfAbsent(e.listener(), l -> new LinkedHashMap<>()).putIfAbsent(o.id(), e.name());
                }
                for (CidrPorts c : e.sourceCidrs()) {
                    ranges.computeIfAbsent(e.listener(), l -> new ArrayList<>()).add(new Range(c, b));
                }
            }
        }
        Map<String, Listener> out = new HashMap<>();
        for (String l : List.of(EndpointSection.HTTP, EndpointSection.HTTPS)) {
            List<Range> rs = new ArrayList<>(ranges.getOrDefault(l, List.of()));
            // Most specific first, so the first match is the one that wins.
            rs.sort(Comparator.comparingInt((Range r) -> r.cidr().prefixLength()).reversed());
            out.put(l, new Listener(List.copyOf(rs), Map.copyOf(catchAll.getOrDefault(l, Map.of()))));
        }
        return new Attribution(Map.copyOf(out), null);
    }

    /** @param listener {@code http} or {@code https} */
    public Result attribute(String listener, InetAddress source) {
        if (only != null) {
            return new Result.Bound(only);
        }
        Listener l = listeners.get(listener);
        if (l == null || (l.ranges().isEmpty() && l.catchAll().isEmpty())) {
            return new Result.Refused("no organisation has an endpoint on the " + listener + " listener");
        }
        if (source != null) {
            for (Range r : l.ranges()) {
                if (r.cidr().matches(source, 1)) {
                    return new Result.Bound(r.binding());
                }
            }
        }
        if (l.catchAll().size() == 1) {
            Map.Entry<String, String> only = l.catchAll().entrySet().iterator().next();
            return new Result.Bound(new OrgBinding(only.getKey(), only.getValue()));
        }
        if (l.catchAll().isEmpty()) {
            return new Result.Refused("source address " + (source == null ? "unknown" : source.getHostAddress())
                    + " is outside the source_cidrs of every endpoint on the " + listener + " listener");
        }
        return new Result.ByCredentials(l.catchAll());
    }
}
