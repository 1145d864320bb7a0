package dev.portcullis.config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A parsed JSON/YAML document that remembers where every key and value started, so problems found after binding
 * still point at a line and column. Built by {@link DocumentReader}; read by {@link ObjectView}.
 */
sealed interface Doc permits Doc.Obj, Doc.Arr, Doc.Scalar {

    Position pos();

    /** For messages: "an object", "a list", "string 'x'", "integer 5"... */
    String describe();

    enum Kind { STRING, INTEGER, FLOAT, BOOLEAN, NULL }

    record Field(String key, Position keyPos, Doc value) {
    }

    record Obj(Position pos, List<Field> fields) implements Doc {

        Field field(String key) {
            for (Field f : fields) {
                if (f.key().equals(key)) {
                    return f;
                }
            }
            return null;
        }

        @Override
        public String describe() {
            return "an object";
        }
    }

    record Arr(Position pos, List<Doc> items) implements Doc {
        @Override
        public String describe() {
            return "a list";
        }
    }

    record Scalar(Position pos, Kind kind, String text, BigInteger integer) implements Doc {
        @Override
        public String describe() {
            return switch (kind) {
                case STRING -> "string '" + Problems.clip(text) + "'";
                case INTEGER -> "integer " + Problems.clip(text);
                case FLOAT -> "number " + Problems.clip(text);
                case BOOLEAN -> "boolean " + Problems.clip(text);
                case NULL -> "null";
            };
        }
    }

    /**
     * Overlays {@code user} on {@code defaults}: objects merge key by key (a null section keeps the defaults),
     * anything else (lists included) replaces.
     * Keys only the user wrote are kept so the binder can report them as unknown.
     */
    static Obj overlay(Obj defaults, Obj user) {
        List<Field> out = new ArrayList<>();
        for (Field d : defaults.fields()) {
            Field u = user.field(d.key());
            if (u == null) {
                out.add(d);
            } else if (d.value() instanceof Obj dObj && u.value() instanceof Obj uObj) {
                out.add(new Field(u.key(), u.keyPos(), overlay(dObj, uObj)));
            } else if (d.value() instanceof Obj && u.value() instanceof Scalar s && s.kind() == Kind.NULL) {
                // "proxy:" with every child commented out reads as null in YAML; it means "keep the defaults".
                out.add(d);
            } else {
                out.add(u);
            }
        }
        for (Field u : user.fields()) {
            if (defaults.field(u.key()) == null) {
                out.add(u);
            }
        }
        return new Obj(user.pos(), List.copyOf(out));
    }

    /** The node at a JSON pointer, or null when some step is missing. */
    static Doc at(Doc root, String pointer) {
        Doc at = root;
        if (pointer.isEmpty()) {
            return at;
        }
        for (String raw : pointer.substring(1).split("/", -1)) {
            String token = raw.replace("~1", "/").replace("~0", "~");
            if (at instanceof Obj o) {
                Field f = o.field(token);
                at = f == null ? null : f.value();
            } else if (at instanceof Arr a && !token.isEmpty() && token.length() < 9
                    && token.chars().allMatch(c -> c >= '0' && c <= '9') && Integer.parseInt(token) < a.items().size()) {
                at = a.items().get(Integer.parseInt(token));
            } else {
                at = null;
            }
            if (at == null) {
                return null;
            }
        }
        return at;
    }

    /** The node at a JSON pointer, or its deepest ancestor that exists (the root at worst). */
    static Doc nearest(Doc root, String pointer) {
        String p = pointer;
        while (true) {
            Doc d = at(root, p);
            if (d != null) {
                return d;
            }
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }
}
