package dev.portcullis.policy.lists;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The named lists a policy refers to as {@code $name} or {@code $<id>}. Immutable and thread-safe.
 *
 * <p>All string lists share one hash map from normalised item to the (sorted) ordinals of the lists holding it,
 * so a million domains cost one map entry each and one probe answers "which lists contain this host"; that is
 * what lets a rule index visit a host's labels once instead of once per list. IP lists are {@link CidrSet}s.
 */
public final class PolicyLists {
    public static final PolicyLists EMPTY = builder().build();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]*");

    private final List<PolicyList> lists;
    private final Map<String, PolicyList> byRef;
    private final StringTable strings;
    private final CidrSet[] cidrs;

    private PolicyLists(List<PolicyList> lists, Map<String, PolicyList> byRef, StringTable strings,
                        CidrSet[] cidrs) {
        this.lists = List.copyOf(lists);
        this.byRef = byRef;
        this.strings = strings;
        this.cidrs = cidrs;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The list named {@code ref} or with that id (without the {@code $}). */
    public Optional<PolicyList> find(String ref) {
        return Optional.ofNullable(byRef.get(ref));
    }

    public Collection<PolicyList> lists() {
        return lists;
    }

    /** Membership in a string list; the value is compared lower-case. */
    public boolean contains(PolicyList list, String value) {
        return Arrays.binarySearch(listsContaining(normalizeProbe(value)), list.ordinal()) >= 0;
    }

    public boolean containsIp(PolicyList list, long hi, long lo) {
        CidrSet set = cidrs[list.ordinal()];
        return set != null && set.contains(hi, lo);
    }

    /** The ranges of an IP list (null for other lists); engine-internal. */
    public CidrSet cidrs(PolicyList list) {
        return cidrs[list.ordinal()];
    }

    /** Sorted ordinals of the string lists holding this already-normalised value; engine-internal. */
    public int[] listsContaining(String normalized) {
        return strings.get(normalized);
    }

    /** The lookup form of a value for string lists. */
    public static String normalizeProbe(String value) {
        return value.toLowerCase(Locale.ROOT);
    }

    /** Collects lists; {@link #add} rejects bad names, duplicates and bad items with a message naming them. */
    public static final class Builder {
        private final List<Spec> specs = new ArrayList<>();
        private final Map<String, PolicyList> byRef = new LinkedHashMap<>();
        private final List<String[]> pending = new ArrayList<>();
        private final List<CidrSet> cidrs = new ArrayList<>();

        private Builder() {
        }

        public Builder add(String name, String id, ListType type, Collection<String> items) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("invalid list name '" + name
                        + "': use letters, digits, '_' and '-' so that $name can refer to it");
            }
            if (type == null) {
                throw new IllegalArgumentException("list '" + name + "' has no type");
            }
            if (items == null) {
                throw new IllegalArgumentException("list '" + name + "' has no items collection");
            }
            if (byRef.containsKey(name)) {
                throw new IllegalArgumentException("duplicate list name or id '" + name + "'");
            }
            if (id != null && (!NAME.matcher(id).matches() || byRef.containsKey(id))) {
                throw new IllegalArgumentException(byRef.containsKey(id) ? "duplicate list name or id '" + id + "'"
                        : "invalid id '" + id + "' of list '" + name + "'");
            }
            int ordinal = specs.size();
            int size;
            if (type == ListType.IP) {
                List<IpRange> ranges = new ArrayList<>(items.size());
                int i = 0;
                for (String item : items) {
                    String t = item == null ? "" : item.trim();
                    try {
                        ranges.add(IpText.parseRange(t));
                    } catch (IllegalArgumentException e) {
                        throw itemError(name, type, i, item, e.getMessage());
                    }
                    i++;
                }
                CidrSet set = CidrSet.of(ranges);
                cidrs.add(set);
                size = ranges.size();
                pending.add(null);
            } else {
                cidrs.add(null);
                String[] norm = new String[items.size()];
                int i = 0;
                for (String item : items) {
                    norm[i] = normalizeItem(name, type, i, item);
                    i++;
                }
                pending.add(norm);
                size = -1;
            }
            specs.add(new Spec(name, id, type, size));
            byRef.put(name, null);
            if (id != null) {
                byRef.put(id, null);
            }
            return this;
        }

        /** Builds the shared string table sized once for all items, so a million entries never rehash. */
        public PolicyLists build() {
            long total = 0;
            for (String[] p : pending) {
                total += p == null ? 0 : p.length;
            }
            StringTable table = new StringTable(total, specs.size());
            List<PolicyList> lists = new ArrayList<>(specs.size());
            Map<String, PolicyList> refs = new LinkedHashMap<>();
            for (int ordinal = 0; ordinal < specs.size(); ordinal++) {
                Spec spec = specs.get(ordinal);
                String[] items = pending.get(ordinal);
                int size = spec.size();
                if (items != null) {
                    size = 0;
                    for (String item : items) {
                        if (table.add(item, ordinal)) {
                            size++;
                        }
                    }
                }
                PolicyList list = new PolicyList(spec.name(), spec.id(), spec.type(), size, ordinal);
                lists.add(list);
                refs.put(spec.name(), list);
                if (spec.id() != null) {
                    refs.put(spec.id(), list);
                }
            }
            return new PolicyLists(lists, Map.copyOf(refs), table, cidrs.toArray(new CidrSet[0]));
        }

        private record Spec(String name, String id, ListType type, int size) {
        }

        private static String normalizeItem(String list, ListType type, int index, String item) {
            if (item == null) {
                throw itemError(list, type, index, null, "item is null");
            }
            if (type == ListType.DOMAIN && Hostnames.valid(item) && item.length() <= 253) {
                return item;
            }
            String t = item.trim().toLowerCase(Locale.ROOT);
            if (t.isEmpty()) {
                throw itemError(list, type, index, item, "item is empty");
            }
            for (int c = 0; c < t.length(); c++) {
                if (Character.isWhitespace(t.charAt(c)) || Character.isISOControl(t.charAt(c))) {
                    throw itemError(list, type, index, item, "item contains whitespace or control characters");
                }
            }
            switch (type) {
                case DOMAIN -> {
                    if (t.endsWith(".")) {
                        t = t.substring(0, t.length() - 1);
                    }
                    if (t.length() > 253 || !Hostnames.valid(t)) {
                        throw itemError(list, type, index, item,
                                "not a host name (letters, digits, '-', '_' in dot-separated labels of 1-63)");
                    }
                }
                case URL -> {
                    if (t.startsWith("https://")) {
                        t = t.substring(8);
                    } else if (t.startsWith("http://")) {
                        t = t.substring(7);
                    } else if (t.contains("://")) {
                        throw itemError(list, type, index, item, "only http and https URLs can be listed");
                    }
                    if (t.isEmpty()) {
                        throw itemError(list, type, index, item, "URL has no host");
                    }
                }
                case EMAIL -> {
                    int at = t.indexOf('@');
                    if (at <= 0 || at != t.lastIndexOf('@') || at == t.length() - 1) {
                        throw itemError(list, type, index, item, "not an email address (local@domain)");
                    }
                }
                default -> {
                    // SERIAL: any non-blank token.
                }
            }
            return t;
        }

        private static IllegalArgumentException itemError(String list, ListType type, int index, String item,
                                                          String why) {
            return new IllegalArgumentException("list '" + list + "' (" + type + ") item " + index + " '" + item
                    + "': " + why);
        }
    }
}
