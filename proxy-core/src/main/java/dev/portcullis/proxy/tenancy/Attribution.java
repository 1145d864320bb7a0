package dev.portcullis.proxy.tenancy;

import dev.portcullis.config.CidrPorts;
import dev.portcullis.config.EndpointSection;
import dev.portcullis.config.OrgSection;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

    private record Listener(RangeTable v4, RangeTable v6, Map<String, String> catchAll) {
        boolean isEmpty() {
            return v4.isEmpty() && v6.isEmpty() && catchAll.isEmpty();
        }

        /**
         * The longest match in the address's own family, else (IPv4 and IPv4-mapped IPv6 being the same host) in
         * the other one, as {@link CidrPorts#matches} treats them.
         */
        OrgBinding longestMatch(InetAddress source) {
            byte[] a = source.getAddress();
            if (a.length == 4) {
                OrgBinding b = v4.longestMatch(a);
                return b != null || v6.isEmpty() ? b : v6.longestMatch(mapped(a));
            }
            OrgBinding b = v6.longestMatch(a);
            byte[] unmapped = b == null && !v4.isEmpty() ? unmapped(a) : null;
            return unmapped == null ? b : v4.longestMatch(unmapped);
        }
    }

    /**
     * The ranges of one address family, one hash map per prefix length, longest first: a lookup costs one mask and
     * one map probe per distinct length (at most 33 or 129), however many ranges there are.
     */
    private static final class RangeTable {
        private final int[] lengths;
        private final List<Map<ByteBuffer, OrgBinding>> byLength;

        RangeTable(List<Range> ranges) {
            TreeMap<Integer, Map<ByteBuffer, OrgBinding>> m = new TreeMap<>(Comparator.reverseOrder());
            for (Range r : ranges) {
                byte[] net = r.cidr().network().getAddress();
                // Config rules out the same range in two organisations; within one the first listed wins.
                m.computeIfAbsent(r.cidr().prefixLength(), l -> new HashMap<>())
                        .putIfAbsent(ByteBuffer.wrap(mask(net, r.cidr().prefixLength())), r.binding());
            }
            this.lengths = m.keySet().stream().mapToInt(Integer::intValue).toArray();
            this.byLength = List.copyOf(m.values());
        }

        boolean isEmpty() {
            return lengths.length == 0;
        }

        OrgBinding longestMatch(byte[] address) {
            for (int i = 0; i < lengths.length; i++) {
                OrgBinding b = byLength.get(i).get(ByteBuffer.wrap(mask(address, lengths[i])));
                if (b != null) {
                    return b;
                }
            }
            return null;
        }
    }

    private static byte[] mask(byte[] addr, int len) {
        byte[] out = addr.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, len - 8 * i));
            out[i] &= (byte) (0xff00 >>> bits);
        }
        return out;
    }

    private static byte[] mapped(byte[] v4) {
        byte[] out = new byte[16];
        out[10] = (byte) 0xff;
        out[11] = (byte) 0xff;
        System.arraycopy(v4, 0, out, 12, 4);
        return out;
    }

    /** The IPv4 address inside an IPv4-mapped IPv6 one ({@code ::ffff:a.b.c.d}), else null. */
    private static byte[] unmapped(byte[] v6) {
        for (int i = 0; i < 10; i++) {
            if (v6[i] != 0) {
                return null;
            }
        }
        return v6[10] == (byte) 0xff && v6[11] == (byte) 0xff ? java.util.Arrays.copyOfRange(v6, 12, 16) : null;
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
            List<Range> rs = ranges.getOrDefault(l, List.of());
            out.put(l, new Listener(new RangeTable(rs.stream().filter(r -> r.cidr().isIpv4()).toList()),
                    new RangeTable(rs.stream().filter(r -> !r.cidr().isIpv4()).toList()),
                    Map.copyOf(catchAll.getOrDefault(l, Map.of()))));
        }
        return new Attribution(Map.copyOf(out), null);
    }

    /** @param listener {@code http} or {@code https} */
    public Result attribute(String listener, InetAddress source) {
        if (only != null) {
            return new Result.Bound(only);
        }
        Listener l = listeners.get(listener);
        if (l == null || l.isEmpty()) {
            return new Result.Refused("no organisation has an endpoint on the " + listener + " listener");
        }
        OrgBinding match = source == null ? null : l.longestMatch(source);
        if (match != null) {
            return new Result.Bound(match);
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
