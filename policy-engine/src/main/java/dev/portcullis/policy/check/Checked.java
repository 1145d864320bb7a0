package dev.portcullis.policy.check;

import dev.portcullis.policy.Field;
import java.util.Set;

/** A type-checked filter: its condition tree and the fields it reads. */
public record Checked(Cond root, Set<Field> fields) {
}
