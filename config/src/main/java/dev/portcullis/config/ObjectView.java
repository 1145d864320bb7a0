package dev.portcullis.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the keys of one object. Every key the binder asks for is remembered, so {@link #finish()} can report the
 * rest as unknown, with a "did you mean". A value that fails is recorded in {@link Problems} and read as null;
 * the binder builds records only when no problem was found.
 */
final class ObjectView {

    private final Doc.Obj obj;
    private final String pointer;
    private final Problems problems;
    private final Set<String> asked = new LinkedHashSet<>();

    private ObjectView(Doc.Obj obj, String pointer, Problems problems) {
        this.obj = obj;
        this.pointer = pointer;
        this.problems = problems;
    }

    static ObjectView root(Doc root, Problems problems) {
        if (root instanceof Doc.Obj o) {
            return new ObjectView(o, "", problems);
        }
        problems.add(root.pos(), "/", "expected an object at the top level, got " + root.describe());
        return null;
    }

    /** The nested object under {@code key}, or null (problem recorded) when it is not an object. */
    ObjectView section(String key) {
        Doc node = node(key);
        if (node == null) {
            return null;
        }
        if (node instanceof Doc.Obj o) {
            return new ObjectView(o, child(key), problems);
        }
        problems.add(node.pos(), child(key), "expected an object, got " + node.describe());
        return null;
    }

    <T> T get(String key, ValueReader<T> reader) {
        Doc node = node(key);
        return node == null ? null : read(node, child(key), reader);
    }

    <T> List<T> list(String key, ValueReader<T> element, Bounds.Items bounds) {
        Doc node = node(key);
        if (node == null) {
            return null;
        }
        if (!(node instanceof Doc.Arr arr)) {
            problems.add(node.pos(), child(key), "expected a list, got " + node.describe());
            return null;
        }
        List<T> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < arr.items().size(); i++) {
            T v = read(arr.items().get(i), child(key) + "/" + i, element);
            ok &= v != null;
            out.add(v);
        }
        try {
            bounds.checkSize(out.size());
        } catch (ValueParseException e) {
            problems.add(node.pos(), child(key), e.getMessage());
            return null;
        }
        return ok ? List.copyOf(out) : null;
    }

    /** A key that may be left out (inside list items, which have no defaults to fall back on). */
    <T> T optional(String key, ValueReader<T> reader, T absent) {
        asked.add(key);
        Doc.Field f = obj.field(key);
        return f == null ? absent : read(f.value(), child(key), reader);
    }

    /** A nested object that may be left out (inside list items): null when absent or (problem recorded) not an object. */
    ObjectView optionalSection(String key) {
        asked.add(key);
        return obj.field(key) == null ? null : section(key);
    }

    /** A list that may be left out (inside list items): empty when absent, null (problem recorded) when invalid. */
    <T> List<T> optionalList(String key, ValueReader<T> element, Bounds.Items bounds) {
        asked.add(key);
        return obj.field(key) == null ? List.of() : list(key, element, bounds);
    }

    /** Whether the object has {@code key}; counts as asked, so it is not reported unknown. */
    boolean has(String key) {
        asked.add(key);
        return obj.field(key) != null;
    }

    /** A list of objects, one view per item; null (problem recorded) when it is not a list of objects. */
    List<ObjectView> objects(String key, Bounds.Items bounds) {
        Doc node = node(key);
        if (node == null) {
            return null;
        }
        if (!(node instanceof Doc.Arr arr)) {
            problems.add(node.pos(), child(key), "expected a list, got " + node.describe());
            return null;
        }
        try {
            bounds.checkSize(arr.items().size());
        } catch (ValueParseException e) {
            problems.add(node.pos(), child(key), e.getMessage());
            return null;
        }
        List<ObjectView> out = new ArrayList<>();
        for (int i = 0; i < arr.items().size(); i++) {
            Doc item = arr.items().get(i);
            String at = child(key) + "/" + i;
            if (item instanceof Doc.Obj o) {
                out.add(new ObjectView(o, at, problems));
            } else {
                problems.add(item.pos(), at, "expected an object, got " + item.describe());
                out.add(null);
            }
        }
        return out;
    }

    /** Reports keys nobody asked for. */
    void finish() {
        for (Doc.Field f : obj.fields()) {
            if (!asked.contains(f.key())) {
                String suggestion = Suggestions.closest(f.key(), asked);
                String msg = "unknown key '" + Problems.clip(f.key()) + "'" + (suggestion != null
                        ? "; did you mean '" + suggestion + "'?"
                        : "; expected one of: " + String.join(", ", asked));
                problems.add(f.keyPos(), child(f.key()), msg);
            }
        }
    }

    String pointer() {
        return pointer;
    }

    Doc.Obj node() {
        return obj;
    }

    private Doc node(String key) {
        asked.add(key);
        Doc.Field f = obj.field(key);
        if (f == null) {
            problems.add(obj.pos(), pointer.isEmpty() ? "/" : pointer, "missing key '" + key + "'");
            return null;
        }
        return f.value();
    }

    private <T> T read(Doc node, String at, ValueReader<T> reader) {
        try {
            return reader.read(node);
        } catch (ValueParseException e) {
            problems.add(node.pos(), at, e.getMessage());
            return null;
        }
    }

    private String child(String key) {
        return pointer + "/" + Problems.token(key);
    }
}
