package dev.portcullis.policy;

import dev.portcullis.policy.rules.Phase;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The set of fields filters may use. Immutable; build one with {@link #builder()}. */
public final class Scheme {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");

    private final Map<String, Field> byName;
    private final List<Field> byIndex;

    private Scheme(Map<String, Field> byName) {
        this.byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
        this.byIndex = List.copyOf(byName.values());
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<Field> field(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Collection<Field> fields() {
        return byIndex;
    }

    public ExecutionContext newContext() {
        return new ExecutionContext(this);
    }

    /** The field with this index; engine-internal. */
    public Field fieldAt(int index) {
        return byIndex.get(index);
    }

    public int size() {
        return byIndex.size();
    }

    boolean owns(Field f) {
        int i = f.index();
        return i >= 0 && i < byIndex.size() && byIndex.get(i) == f;
    }

    /** Collects fields; names are dotted lower-case identifiers and must be unique. */
    public static final class Builder {
        private final Map<String, Field> fields = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder add(String name, FieldType type, Set<Phase> phases) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("invalid field name '" + name
                        + "': expected dotted lower-case identifiers such as http.request.host");
            }
            if (type == null) {
                throw new IllegalArgumentException("field '" + name + "' has no type");
            }
            if (phases == null || phases.isEmpty()) {
                throw new IllegalArgumentException("field '" + name + "' exists in no phase");
            }
            if (fields.containsKey(name)) {
                throw new IllegalArgumentException("duplicate field '" + name + "'");
            }
            fields.put(name, new Field(name, type, phases, fields.size()));
            return this;
        }

        public Scheme build() {
            return new Scheme(fields);
        }
    }
}
