package dev.portcullis.policy.check;

import dev.portcullis.policy.Field;
import dev.portcullis.policy.FieldType;
import java.util.List;

/** A typed value expression of the checked tree. Evaluation yields null when the value is absent. */
public sealed interface Val {
    FieldType type();

    /** A field's value. */
    record FieldVal(Field field) implements Val {
        @Override
        public FieldType type() {
            return field.type();
        }
    }

    /** The current element while an {@code any()}/{@code all()} walks the array of its {@code [*]}. */
    record ElemVal(FieldType type) implements Val {
    }

    /** {@code map["key"]}; keys are lower-case. */
    record MapGet(Val base, String key) implements Val {
        @Override
        public FieldType type() {
            return base.type().element();
        }
    }

    /** {@code array[i]}; absent when out of range. */
    record ArrayGet(Val base, int index) implements Val {
        @Override
        public FieldType type() {
            return base.type().element();
        }
    }

    record CallVal(Builtin fn, List<Val> args, FieldType type) implements Val {
    }

    /** A String or Long literal used as a function argument. */
    record LitVal(Object value, FieldType type) implements Val {
    }
}
