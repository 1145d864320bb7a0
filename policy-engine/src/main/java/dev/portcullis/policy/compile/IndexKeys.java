package dev.portcullis.policy.compile;

import dev.portcullis.policy.Field;
import dev.portcullis.policy.FieldType;
import dev.portcullis.policy.check.Cond;
import dev.portcullis.policy.check.SetLiteral;
import dev.portcullis.policy.check.Val;
import dev.portcullis.policy.lists.CidrSet;
import dev.portcullis.policy.lists.IpRange;
import dev.portcullis.policy.lists.ListType;
import dev.portcullis.policy.lists.PolicyLists;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds, for one condition, a set of keys such that the condition can only be true when the context holds at
 * least one of them; null when no such set is known (the rule is then evaluated on every decision).
 * Soundness is what matters: a missing key would silently skip a matching rule.
 */
final class IndexKeys {
    /** Expanding int ranges beyond this many values is not worth the index entries. */
    private static final int MAX_INT_EXPANSION = 256;

    sealed interface Key {
        Field field();
    }

    /** The field (or, for arrays, one of its elements) equals this string exactly. */
    record BytesKey(Field field, String value) implements Key {
    }

    /** The field (or one of its elements) is in this string list. */
    record ListKey(Field field, PolicyLists lists, int list) implements Key {
    }

    record IntKey(Field field, long value) implements Key {
    }

    /** The IP field is inside this set of ranges (compared by identity: one group per set). */
    record IpKey(Field field, CidrSet ranges) implements Key {
    }

    private IndexKeys() {
    }

    static List<Key> of(Cond c) {
        return keys(c, null);
    }

    /** {@code elemField}: inside any(), the array field whose elements ElemVal stands for; else null. */
    private static List<Key> keys(Cond c, Field elemField) {
        if (c instanceof Cond.Const k) {
            return k.value() ? null : List.of();
        }
        if (c instanceof Cond.And a) {
            List<Key> best = null;
            for (Cond t : a.terms()) {
                List<Key> k = keys(t, elemField);
                if (k != null && (best == null || k.size() < best.size())) {
                    best = k;
                }
            }
            return best;
        }
        if (c instanceof Cond.Or o) {
            List<Key> all = new ArrayList<>();
            for (Cond t : o.terms()) {
                List<Key> k = keys(t, elemField);
                if (k == null) {
                    return null;
                }
                all.addAll(k);
            }
            return all;
        }
        if (c instanceof Cond.Quantified q) {
            if (q.all() || elemField != null || !(q.array() instanceof Val.FieldVal f)) {
                return null;
            }
            return keys(q.element(), f.field());
        }
        Field field = fieldOf(c, elemField);
        if (field == null) {
            return null;
        }
        if (c instanceof Cond.Compare cmp) {
            if (cmp.op() != dev.portcullis.policy.parse.Expr.CompareOp.EQ) {
                return null;
            }
            if (cmp.rhs() instanceof String s) {
                return List.of(new BytesKey(field, s));
            }
            if (cmp.rhs() instanceof Long n) {
                return List.of(new IntKey(field, n));
            }
            if (cmp.rhs() instanceof IpRange ip) {
                return List.of(new IpKey(field, CidrSet.of(List.of(ip))));
            }
            return null;
        }
        if (c instanceof Cond.InSet s) {
            List<Key> out = new ArrayList<>();
            if (s.set() instanceof SetLiteral.Bytes b) {
                for (String item : b.items()) {
                    out.add(new BytesKey(field, item));
                }
                return out;
            }
            if (s.set() instanceof SetLiteral.Ints ints) {
                long total = 0;
                for (long[] r : ints.ranges()) {
                    total += r[1] - r[0] + 1;
                    if (total > MAX_INT_EXPANSION || total <= 0) {
                        return null;
                    }
                }
                for (long[] r : ints.ranges()) {
                    for (long v = r[0]; v <= r[1]; v++) {
                        out.add(new IntKey(field, v));
                    }
                }
                return out;
            }
            return List.of(new IpKey(field, CidrSet.of(((SetLiteral.Ips) s.set()).ranges())));
        }
        if (c instanceof Cond.InList l) {
            if (l.list().type() == ListType.IP) {
                return List.of(new IpKey(field, l.lists().cidrs(l.list())));
            }
            return List.of(new ListKey(field, l.lists(), l.list().ordinal()));
        }
        return null;
    }

    /** The field a comparison reads directly (or the array field for an element), else null. */
    private static Field fieldOf(Cond c, Field elemField) {
        Val lhs;
        if (c instanceof Cond.Compare cmp) {
            lhs = cmp.lhs();
        } else if (c instanceof Cond.InSet s) {
            lhs = s.lhs();
        } else if (c instanceof Cond.InList l) {
            lhs = l.lhs();
        } else {
            return null;
        }
        if (lhs instanceof Val.ElemVal) {
            return elemField;
        }
        if (lhs instanceof Val.FieldVal f && elemField == null
                && (f.type() == FieldType.BYTES || f.type() == FieldType.INT || f.type() == FieldType.IP)) {
            return f.field();
        }
        return null;
    }
}
