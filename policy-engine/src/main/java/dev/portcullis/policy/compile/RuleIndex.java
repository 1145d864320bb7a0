package dev.portcullis.policy.compile;

import dev.portcullis.policy.ExecutionContext;
import dev.portcullis.policy.Field;
import dev.portcullis.policy.FieldType;
import dev.portcullis.policy.check.Cond;
import dev.portcullis.policy.lists.CidrSet;
import dev.portcullis.policy.lists.PolicyLists;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps what a context holds (host, domains, ports, categories, ... and list membership of those) to the rules
 * that could match it. A decision probes each indexed field's values once and gets a bitset of candidate rules
 * (in precedence order) plus the rules no key could be derived for.
 */
public final class RuleIndex {
    private final int ruleCount;
    private final long[] always;
    private final Dim[] dims;
    private final int indexedRules;

    private RuleIndex(int ruleCount, long[] always, Dim[] dims, int indexedRules) {
        this.ruleCount = ruleCount;
        this.always = always;
        this.dims = dims;
        this.indexedRules = indexedRules;
    }

    /**
     * @param conditions per rule in evaluation order: the conjuncts of its condition, or null for an opaque
     *                   condition that must always be evaluated
     */
    public static RuleIndex build(List<List<Cond>> conditions) {
        int n = conditions.size();
        long[] always = new long[(n + 63) >>> 6];
        Map<Field, DimBuilder> builders = new LinkedHashMap<>();
        int indexed = 0;
        for (int rank = 0; rank < n; rank++) {
            List<Cond> conj = conditions.get(rank);
            List<IndexKeys.Key> keys = conj == null ? null
                    : IndexKeys.of(conj.size() == 1 ? conj.get(0) : new Cond.And(conj));
            if (keys == null) {
                always[rank >>> 6] |= 1L << rank;
                continue;
            }
            indexed++;
            for (IndexKeys.Key k : keys) {
                builders.computeIfAbsent(k.field(), DimBuilder::new).add(k, rank);
            }
        }
        Dim[] dims = builders.values().stream().map(DimBuilder::build).toArray(Dim[]::new);
        return new RuleIndex(n, always, dims, indexed);
    }

    /** Bitset (bit i = rule i in evaluation order) of the rules that could match {@code ctx}. */
    public long[] candidates(ExecutionContext ctx) {
        long[] bits = always.clone();
        for (Dim d : dims) {
            d.probe(ctx, bits);
        }
        return bits;
    }

    public int ruleCount() {
        return ruleCount;
    }

    /** Rules reachable only through index keys (the rest are evaluated on every decision). */
    public int indexedRules() {
        return indexedRules;
    }

    /** The index entries of one field. */
    private static final class Dim {
        private final int field;
        private final boolean array;
        private final boolean ints;
        private final RanksByString bytes;
        private final PolicyLists[] listSources;
        private final int[][][] rulesByList;
        private final long[] intKeys;
        private final int[][] intRules;
        private final IpSegments ipSegments;
        private final int[][] ipRules;

        Dim(int field, boolean array, boolean ints, RanksByString bytes, PolicyLists[] listSources,
            int[][][] rulesByList, long[] intKeys, int[][] intRules, IpSegments ipSegments, int[][] ipRules) {
            this.field = field;
            this.array = array;
            this.ints = ints;
            this.bytes = bytes;
            this.listSources = listSources;
            this.rulesByList = rulesByList;
            this.intKeys = intKeys;
            this.intRules = intRules;
            this.ipSegments = ipSegments;
            this.ipRules = ipRules;
        }

        void probe(ExecutionContext ctx, long[] bits) {
            if (!ctx.has(field)) {
                return;
            }
            if (ipSegments != null) {
                for (int g : ipSegments.groupsOf(ctx.hiAt(field), ctx.longAt(field))) {
                    set(ipRules[g], bits);
                }
                return;
            }
            if (ints) {
                if (array) {
                    for (long v : (long[]) ctx.objAt(field)) {
                        probeInt(v, bits);
                    }
                } else {
                    probeInt(ctx.longAt(field), bits);
                }
                return;
            }
            if (array) {
                for (String v : (String[]) ctx.objAt(field)) {
                    probeBytes(v, bits);
                }
            } else {
                probeBytes((String) ctx.objAt(field), bits);
            }
        }

        private void probeInt(long v, long[] bits) {
            int at = Arrays.binarySearch(intKeys, v);
            if (at >= 0) {
                set(intRules[at], bits);
            }
        }

        private void probeBytes(String v, long[] bits) {
            if (bytes != null) {
                int[] r = bytes.get(v);
                if (r != null) {
                    set(r, bits);
                }
            }
            if (listSources.length > 0) {
                String probe = PolicyLists.normalizeProbe(v);
                for (int s = 0; s < listSources.length; s++) {
                    int[][] byList = rulesByList[s];
                    for (int ord : listSources[s].listsContaining(probe)) {
                        if (ord < byList.length && byList[ord] != null) {
                            set(byList[ord], bits);
                        }
                    }
                }
            }
        }

        private static void set(int[] ranks, long[] bits) {
            for (int r : ranks) {
                bits[r >>> 6] |= 1L << r;
            }
        }
    }

    private static final class DimBuilder {
        private final Field field;
        private final Map<String, List<Integer>> bytes = new HashMap<>();
        private final Map<PolicyLists, Map<Integer, List<Integer>>> lists = new IdentityHashMap<>();
        private final TreeMap<Long, List<Integer>> ints = new TreeMap<>();
        private final Map<CidrSet, List<Integer>> ips = new IdentityHashMap<>();

        DimBuilder(Field field) {
            this.field = field;
        }

        void add(IndexKeys.Key k, int rank) {
            if (k instanceof IndexKeys.BytesKey b) {
                addRank(bytes.computeIfAbsent(b.value(), x -> new ArrayList<>()), rank);
            } else if (k instanceof IndexKeys.ListKey l) {
                addRank(lists.computeIfAbsent(l.lists(), x -> new HashMap<>())
                        .computeIfAbsent(l.list(), x -> new ArrayList<>()), rank);
            } else if (k instanceof IndexKeys.IpKey ip) {
                addRank(ips.computeIfAbsent(ip.ranges(), x -> new ArrayList<>()), rank);
            } else {
                addRank(ints.computeIfAbsent(((IndexKeys.IntKey) k).value(), x -> new ArrayList<>()), rank);
            }
        }

        private static void addRank(List<Integer> ranks, int rank) {
            if (ranks.isEmpty() || ranks.get(ranks.size() - 1) != rank) {
                ranks.add(rank);
            }
        }

        Dim build() {
            FieldType t = field.type();
            RanksByString b = null;
            if (!bytes.isEmpty()) {
                Map<String, int[]> m = new HashMap<>(bytes.size() * 2);
                for (Map.Entry<String, List<Integer>> e : bytes.entrySet()) {
                    m.put(e.getKey(), toArray(e.getValue()));
                }
                b = new RanksByString(m);
            }
            PolicyLists[] sources = lists.keySet().toArray(new PolicyLists[0]);
            int[][][] byList = new int[sources.length][][];
            for (int s = 0; s < sources.length; s++) {
                Map<Integer, List<Integer>> m = lists.get(sources[s]);
                int max = m.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1);
                byList[s] = new int[max + 1][];
                for (Map.Entry<Integer, List<Integer>> e : m.entrySet()) {
                    byList[s][e.getKey()] = toArray(e.getValue());
                }
            }
            long[] keys = new long[ints.size()];
            int[][] rules = new int[ints.size()][];
            int i = 0;
            for (Map.Entry<Long, List<Integer>> e : ints.entrySet()) {
                keys[i] = e.getKey();
                rules[i++] = toArray(e.getValue());
            }
            IpSegments segments = null;
            int[][] ipRules = null;
            if (t == FieldType.IP) {
                List<CidrSet> sets = new ArrayList<>(ips.keySet());
                segments = IpSegments.of(sets);
                ipRules = new int[sets.size()][];
                for (int g = 0; g < sets.size(); g++) {
                    ipRules[g] = toArray(ips.get(sets.get(g)));
                }
            }
            return new Dim(field.index(), t.isArray(), t == FieldType.INT || t == FieldType.INT_ARRAY, b, sources,
                    byList, keys, rules, segments, ipRules);
        }

        private static int[] toArray(List<Integer> l) {
            return l.stream().mapToInt(Integer::intValue).toArray();
        }
    }
}
