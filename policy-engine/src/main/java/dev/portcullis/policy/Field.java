package dev.portcullis.policy;

import dev.portcullis.policy.rules.Phase;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/** A named, typed field of a {@link Scheme}, with the phases in which it has a value. */
public final class Field {
    private final String name;
    private final FieldType type;
    private final Set<Phase> phases;
    private final int index;

    Field(String name, FieldType type, Set<Phase> phases, int index) {
        this.name = name;
        this.type = type;
        this.phases = Collections.unmodifiableSet(EnumSet.copyOf(phases));
        this.index = index;
    }

    public String name() {
        return name;
    }

    public FieldType type() {
        return type;
    }

    public Set<Phase> phases() {
        return phases;
    }

    /** Position of this field's value in an {@link ExecutionContext}; engine-internal. */
    public int index() {
        return index;
    }

    public boolean availableIn(Phase phase) {
        return phases.contains(phase);
    }

    @Override
    public String toString() {
        return name + ": " + type.display() + " " + phases;
    }
}
