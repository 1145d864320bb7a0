package dev.portcullis.config.policy;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Strict, typed access to one JSON object: unknown keys are reported (with a suggestion) as soon as the view is
 * made, and each getter reports a wrong type instead of throwing, so one pass finds every problem.
 */
final class ObjView {
    private final Node.Obj obj;
    private final String where;
    private final Problems problems;

    private ObjView(Node.Obj obj, String where, Problems problems) {
        this.obj = obj;
        this.where = where;
        this.problems = problems;
    }

    /** Returns empty (after reporting) when {@code node} is not an object. */
    static Optional<ObjView> of(Node node, String where, Set<String> allowed, Problems problems) {
        if (!(node instanceof Node.Obj o)) {
            problems.at(node.loc(), where.isBlank() ? "(document)" : where.strip(), "expected an object, got "
                    + node.kind());
            return Optional.empty();
        }
        for (Map.Entry<String, Node.Member> e : o.members().entrySet()) {
            if (!allowed.contains(e.getKey())) {
                problems.at(e.getValue().keyLoc(), path(where, e.getKey()),
                        "unknown key '" + e.getKey() + "'" + Suggest.hint(e.getKey(), allowed));
            }
        }
        return Optional.of(new ObjView(o, where, problems));
    }

    static String path(String where, String key) {
        return where.isEmpty() ? key : where + (where.endsWith(" ") ? "" : ".") + key;
    }

    Node.Loc loc() {
        return obj.loc();
    }

    String where() {
        return where;
    }

    String pathOf(String key) {
        return path(where, key);
    }

    Optional<Node> node(String key) {
        Node.Member m = obj.members().get(key);
        return m == null ? Optional.empty() : Optional.of(m.value());
    }

    Node.Loc locOf(String key) {
        Node.Member m = obj.members().get(key);
        return m == null ? obj.loc() : m.value().loc();
    }

    boolean has(String key) {
        return obj.members().containsKey(key);
    }

    void missing(String key) {
        problems.at(obj.loc(), where.isBlank() ? "(document)" : where.strip(), "missing required key '" + key + "'");
    }

    Optional<String> string(String key) {
        Optional<Node> n = node(key);
        if (n.isEmpty()) {
            return Optional.empty();
        }
        if (n.get() instanceof Node.Str s) {
            return Optional.of(s.value());
        }
        wrongType(key, n.get(), "a string");
        return Optional.empty();
    }

    Optional<String> requiredString(String key) {
        if (!has(key)) {
            missing(key);
            return Optional.empty();
        }
        return string(key);
    }

    boolean bool(String key, boolean dflt) {
        Optional<Node> n = node(key);
        if (n.isEmpty()) {
            return dflt;
        }
        if (n.get() instanceof Node.Bool b) {
            return b.value();
        }
        wrongType(key, n.get(), "true or false");
        return dflt;
    }

    /** An integer within [min, max]; reports a fractional or out-of-range number. */
    Optional<Long> integer(String key, long min, long max) {
        Optional<Node> n = node(key);
        if (n.isEmpty()) {
            return Optional.empty();
        }
        if (!(n.get() instanceof Node.Num num)) {
            wrongType(key, n.get(), "an integer");
            return Optional.empty();
        }
        if (!num.integral() || num.value() < min || num.value() > max) {
            problems.at(num.loc(), pathOf(key), "must be an integer between " + min + " and " + max + ", got " + num.text());
            return Optional.empty();
        }
        return Optional.of(num.value());
    }

    Optional<ObjView> object(String key, Set<String> allowed) {
        return node(key).flatMap(n -> of(n, pathOf(key), allowed, problems));
    }

    Optional<Node.Arr> array(String key) {
        Optional<Node> n = node(key);
        if (n.isEmpty()) {
            return Optional.empty();
        }
        if (n.get() instanceof Node.Arr a) {
            return Optional.of(a);
        }
        wrongType(key, n.get(), "an array");
        return Optional.empty();
    }

    void error(String key, String message) {
        problems.at(locOf(key), pathOf(key), message);
    }

    private void wrongType(String key, Node n, String expected) {
        problems.at(n.loc(), pathOf(key), "expected " + expected + ", got " + n.kind());
    }
}
