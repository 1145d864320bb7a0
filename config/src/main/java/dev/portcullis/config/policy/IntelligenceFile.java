package dev.portcullis.config.policy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.portcullis.policy.gateway.Intelligence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Categories and application ids by domain, from a small JSON file (format in {@code docs/policy-documents.md}).
 * A host matches its most specific listed suffix: with {@code example.com → [1]} and {@code a.example.com → [2]},
 * {@code x.a.example.com} gets {@code [2]} only, so a file can carve exceptions out of a broad entry.
 */
public final class IntelligenceFile implements Intelligence {
    private static final Set<String> KEYS = Set.of("categories", "domains", "security", "apps");
    private static final long[] NO_IDS = new long[0];
    private static final String[] NO_APPS = new String[0];
    /** Duplicate keys are reported by {@link LocatedJson}, with locations. */
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private final Map<Long, String> categoryNames;
    /** Each listed domain's content and security categories and apps together, so one walk answers all three. */
    private final SuffixTable<Entry> table;
    private final boolean empty;
    private final int domainCount;
    /**
     * The context builder asks for a host's content categories, security categories and apps one after the
     * other; remembering the last host per thread turns three suffix walks into one.
     */
    private final ThreadLocal<Memo> last = ThreadLocal.withInitial(Memo::new);

    private record Entry(long[] content, long[] security, String[] apps) {
    }

    private static final class Memo {
        String host;
        Entry entry;
    }

    private IntelligenceFile(Map<Long, String> categoryNames, Map<String, long[]> content,
            Map<String, long[]> security, Map<String, String[]> apps) {
        this.categoryNames = Map.copyOf(categoryNames);
        Map<String, Entry> merged = new HashMap<>();
        for (String d : union(content.keySet(), security.keySet(), apps.keySet())) {
            merged.put(d, new Entry(nearest(content, d, NO_IDS), nearest(security, d, NO_IDS),
                    nearest(apps, d, NO_APPS)));
        }
        this.table = new SuffixTable<>(merged);
        this.empty = merged.isEmpty();
        this.domainCount = merged.size();
    }

    /** The value of the most specific suffix of {@code domain} listed in {@code map}: kinds stay independent. */
    private static <T> T nearest(Map<String, T> map, String domain, T none) {
        for (String d = domain; ; d = d.substring(d.indexOf('.') + 1)) {
            T v = map.get(d);
            if (v != null) {
                return v;
            }
            if (d.indexOf('.') < 0) {
                return none;
            }
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b, Set<String> c) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        all.addAll(c);
        return all;
    }

    public static IntelligenceFile empty() {
        return new IntelligenceFile(Map.of(), Map.of(), Map.of(), Map.of());
    }

    public static IntelligenceFile load(Path file) throws PolicyDocumentException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new PolicyDocumentException(file + ": cannot read intelligence file: " + e);
        }
        return parse(file.toString(), bytes);
    }

    public static IntelligenceFile parse(String sourceName, byte[] json) throws PolicyDocumentException {
        Problems problems = new Problems(sourceName);
        Node root;
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() == null) {
                throw new PolicyDocumentException(sourceName + ": empty intelligence file");
            }
            root = LocatedJson.read(p, problems, "");
        } catch (JsonProcessingException e) {
            var l = e.getLocation();
            throw new PolicyDocumentException(sourceName + (l == null ? "" : ":" + l.getLineNr() + ":"
                    + l.getColumnNr()) + ": invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new PolicyDocumentException(sourceName + ": cannot read: " + e.getMessage());
        }
        Optional<ObjView> top = ObjView.of(root, "", KEYS, problems);
        Map<Long, String> names = new HashMap<>();
        Map<String, long[]> content = new HashMap<>();
        Map<String, long[]> security = new HashMap<>();
        Map<String, String[]> apps = new HashMap<>();
        if (top.isPresent()) {
            top.get().node("categories").ifPresent(n -> readNames(n, problems, names));
            top.get().node("domains").ifPresent(n -> readIds(n, "domains", problems, names, content));
            top.get().node("security").ifPresent(n -> readIds(n, "security", problems, names, security));
            top.get().node("apps").ifPresent(n -> readApps(n, problems, apps));
        }
        problems.throwIfAny();
        return new IntelligenceFile(names, content, security, apps);
    }

    private static void readNames(Node n, Problems problems, Map<Long, String> out) {
        if (!(n instanceof Node.Obj o)) {
            problems.at(n.loc(), "categories", "expected an object of id to name, got " + n.kind());
            return;
        }
        o.members().forEach((k, m) -> {
            String where = "categories." + k;
            long id;
            try {
                id = Long.parseLong(k);
            } catch (NumberFormatException e) {
                problems.at(m.keyLoc(), where, "category ids are non-negative integers, got '" + k + "'");
                return;
            }
            if (id < 0) {
                problems.at(m.keyLoc(), where, "category ids are non-negative integers, got '" + k + "'");
            } else if (m.value() instanceof Node.Str s) {
                out.put(id, s.value());
            } else {
                problems.at(m.value().loc(), where, "expected a category name string, got " + m.value().kind());
            }
        });
    }

    private static void readIds(Node n, String key, Problems problems, Map<Long, String> names,
            Map<String, long[]> out) {
        if (!(n instanceof Node.Obj o)) {
            problems.at(n.loc(), key, "expected an object of domain to category ids, got " + n.kind());
            return;
        }
        o.members().forEach((domain, m) -> {
            String where = key + "." + domain;
            String host = normalise(domain, m.keyLoc(), where, problems);
            if (host == null) {
                return;
            }
            if (!(m.value() instanceof Node.Arr arr)) {
                problems.at(m.value().loc(), where, "expected an array of category ids, got " + m.value().kind());
                return;
            }
            long[] ids = new long[arr.items().size()];
            for (int i = 0; i < ids.length; i++) {
                Node item = arr.items().get(i);
                if (item instanceof Node.Num num && num.integral() && names.containsKey(num.value())) {
                    ids[i] = num.value();
                } else if (item instanceof Node.Num num && num.integral()) {
                    problems.at(item.loc(), where, "category " + num.value() + " is not defined in \"categories\"");
                } else {
                    problems.at(item.loc(), where, "expected an integer category id, got " + item.kind());
                }
            }
            out.put(host, ids);
        });
    }

    private static void readApps(Node n, Problems problems, Map<String, String[]> out) {
        if (!(n instanceof Node.Obj o)) {
            problems.at(n.loc(), "apps", "expected an object of domain to app id, got " + n.kind());
            return;
        }
        o.members().forEach((domain, m) -> {
            String where = "apps." + domain;
            String host = normalise(domain, m.keyLoc(), where, problems);
            if (host == null) {
                return;
            }
            List<String> ids = new ArrayList<>();
            if (m.value() instanceof Node.Str s && !s.value().isBlank()) {
                ids.add(s.value());
            } else if (m.value() instanceof Node.Arr arr) {
                for (Node item : arr.items()) {
                    if (item instanceof Node.Str s && !s.value().isBlank()) {
                        ids.add(s.value());
                    } else {
                        problems.at(item.loc(), where, "expected a non-empty app id string, got " + item.kind());
                    }
                }
            } else {
                problems.at(m.value().loc(), where, "expected an app id string or an array of them");
            }
            out.put(host, ids.toArray(String[]::new));
        });
    }

    private static String normalise(String domain, Node.Loc loc, String where, Problems problems) {
        String host = domain.toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (!host.matches("[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*")) {
            problems.at(loc, where, "not a domain name: '" + domain + "'");
            return null;
        }
        return host;
    }

    /** The content category ids of the most specific suffix of {@code host} listed under {@code domains}. */
    @Override
    public long[] contentCategories(String host) {
        Entry e = lookup(host);
        return e == null || e.content().length == 0 ? NO_IDS : e.content().clone();
    }

    @Override
    public long[] securityCategories(String host) {
        Entry e = lookup(host);
        return e == null || e.security().length == 0 ? NO_IDS : e.security().clone();
    }

    @Override
    public String[] appIds(String host) {
        Entry e = lookup(host);
        return e == null || e.apps().length == 0 ? NO_APPS : e.apps().clone();
    }

    /** Category name by id, for logs and block pages; empty for an id the file does not define. */
    public Optional<String> categoryName(long id) {
        return Optional.ofNullable(categoryNames.get(id));
    }

    public int domainCount() {
        return domainCount;
    }

    private Entry lookup(String host) {
        if (empty || host == null || host.isEmpty()) {
            return null;
        }
        Memo m = last.get();
        if (host.equals(m.host)) {
            return m.entry;
        }
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        Entry e = table.longestSuffix(h.toLowerCase(Locale.ROOT));
        m.host = host;
        m.entry = e;
        return e;
    }
}
