package dev.portcullis.policy.check;

import dev.portcullis.policy.lists.IpRange;
import dev.portcullis.policy.lists.PolicyList;
import dev.portcullis.policy.lists.PolicyLists;
import dev.portcullis.policy.parse.Expr.CompareOp;
import java.util.List;

/** A typed condition of the checked tree: what both the compiler and the reference interpreter consume. */
public sealed interface Cond {

    record Const(boolean value) implements Cond {
    }

    /** A Bool-typed value used as a condition (a bare Bool field, starts_with(...)). */
    record Truthy(Val value) implements Cond {
    }

    /**
     * {@code lhs op rhs}. The right side is already typed: String (Bytes), Long (Int), {@link IpRange} holding
     * one address (Ip), {@link com.google.re2j.Pattern} (matches) or {@link Wildcard}.
     */
    record Compare(Val lhs, CompareOp op, Object rhs) implements Cond {
    }

    record InSet(Val lhs, SetLiteral set) implements Cond {
    }

    record InList(Val lhs, PolicyList list, PolicyLists lists) implements Cond {
    }

    /** {@code any(...)} / {@code all(...)}: {@code element} is evaluated with each element of {@code array}. */
    record Quantified(boolean all, Val array, Cond element) implements Cond {
    }

    record Not(Cond operand) implements Cond {
    }

    record And(List<Cond> terms) implements Cond {
    }

    record Or(List<Cond> terms) implements Cond {
    }

    /** True when an odd number of terms are true (left-associative xor). */
    record Xor(List<Cond> terms) implements Cond {
    }
}
