package dev.portcullis.policy.compile;

import com.google.re2j.Pattern;
import dev.portcullis.policy.ExecutionContext;
import dev.portcullis.policy.check.Cond;
import dev.portcullis.policy.check.SetLiteral;
import dev.portcullis.policy.check.Val;
import dev.portcullis.policy.check.Wildcard;
import dev.portcullis.policy.lists.IpRange;
import dev.portcullis.policy.lists.IpText;
import java.util.Map;

/**
 * The reference interpreter: a plain recursive walk of the checked tree with boxed values, linear scans of
 * literal sets and no specialisation. Its only job is to be obviously right, so tests and benchmarks can
 * compare the {@link Compiler}'s output with it.
 */
public final class Interpreter {
    private Interpreter() {
    }

    public static boolean test(Cond c, ExecutionContext ctx) {
        return eval(c, ctx, null);
    }

    static boolean eval(Cond c, ExecutionContext ctx, Object elem) {
        if (c instanceof Cond.Const k) {
            return k.value();
        }
        if (c instanceof Cond.Truthy t) {
            return Boolean.TRUE.equals(value(t.value(), ctx, elem));
        }
        if (c instanceof Cond.Not n) {
            return !eval(n.operand(), ctx, elem);
        }
        if (c instanceof Cond.And a) {
            for (Cond t : a.terms()) {
                if (!eval(t, ctx, elem)) {
                    return false;
                }
            }
            return true;
        }
        if (c instanceof Cond.Or o) {
            for (Cond t : o.terms()) {
                if (eval(t, ctx, elem)) {
                    return true;
                }
            }
            return false;
        }
        if (c instanceof Cond.Xor x) {
            boolean r = false;
            for (Cond t : x.terms()) {
                r ^= eval(t, ctx, elem);
            }
            return r;
        }
        if (c instanceof Cond.Quantified q) {
            Object arr = value(q.array(), ctx, elem);
            Object[] items = arr == null ? new Object[0] : box(arr);
            for (Object item : items) {
                boolean r = eval(q.element(), ctx, item);
                if (q.all() && !r) {
                    return false;
                }
                if (!q.all() && r) {
                    return true;
                }
            }
            return q.all();
        }
        if (c instanceof Cond.Compare cmp) {
            Object v = value(cmp.lhs(), ctx, elem);
            return v != null && compare(v, cmp);
        }
        if (c instanceof Cond.InSet s) {
            Object v = value(s.lhs(), ctx, elem);
            return v != null && inSet(v, s.set());
        }
        Cond.InList l = (Cond.InList) c;
        Object v = value(l.lhs(), ctx, elem);
        if (v == null) {
            return false;
        }
        if (v instanceof long[] ip) {
            return l.lists().containsIp(l.list(), ip[0], ip[1]);
        }
        return l.lists().contains(l.list(), (String) v);
    }

    private static boolean compare(Object v, Cond.Compare c) {
        int order;
        if (v instanceof String s) {
            switch (c.op()) {
                case CONTAINS:
                    return s.contains((String) c.rhs());
                case MATCHES:
                    return ((Pattern) c.rhs()).matcher(s).find();
                case WILDCARD:
                case STRICT_WILDCARD:
                    return glob((Wildcard) c.rhs(), s);
                default:
                    order = s.compareTo((String) c.rhs());
            }
        } else if (v instanceof Long n) {
            order = Long.compare(n, (Long) c.rhs());
        } else {
            long[] ip = (long[]) v;
            IpRange r = (IpRange) c.rhs();
            order = IpText.compare(ip[0], ip[1], r.startHi(), r.startLo());
        }
        return switch (c.op()) {
            case EQ -> order == 0;
            case NE -> order != 0;
            case LT -> order < 0;
            case LE -> order <= 0;
            case GT -> order > 0;
            case GE -> order >= 0;
            default -> throw new IllegalStateException("operator " + c.op() + " on " + v.getClass());
        };
    }

    private static boolean inSet(Object v, SetLiteral set) {
        if (set instanceof SetLiteral.Bytes b) {
            for (String item : b.items()) {
                if (item.equals(v)) {
                    return true;
                }
            }
            return false;
        }
        if (set instanceof SetLiteral.Ints ints) {
            long n = (Long) v;
            for (long[] r : ints.ranges()) {
                if (r[0] <= n && n <= r[1]) {
                    return true;
                }
            }
            return false;
        }
        long[] ip = (long[]) v;
        for (IpRange r : ((SetLiteral.Ips) set).ranges()) {
            if (r.contains(ip[0], ip[1])) {
                return true;
            }
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    static Object value(Val v, ExecutionContext ctx, Object elem) {
        if (v instanceof Val.FieldVal f) {
            int i = f.field().index();
            if (!ctx.has(i)) {
                return null;
            }
            return switch (f.type()) {
                case BOOL -> ctx.longAt(i) != 0;
                case INT -> ctx.longAt(i);
                case IP -> new long[] {ctx.hiAt(i), ctx.longAt(i)};
                default -> ctx.objAt(i);
            };
        }
        if (v instanceof Val.ElemVal) {
            return elem;
        }
        if (v instanceof Val.LitVal l) {
            return l.value();
        }
        if (v instanceof Val.MapGet m) {
            Object base = value(m.base(), ctx, elem);
            return base == null ? null : ((Map<String, String[]>) base).get(m.key());
        }
        if (v instanceof Val.ArrayGet a) {
            Object base = value(a.base(), ctx, elem);
            if (base == null) {
                return null;
            }
            Object[] items = box(base);
            return a.index() < items.length ? items[a.index()] : null;
        }
        Val.CallVal call = (Val.CallVal) v;
        Object[] args = new Object[call.args().size()];
        for (int k = 0; k < args.length; k++) {
            args[k] = value(call.args().get(k), ctx, elem);
        }
        return call.fn().apply(args);
    }

    private static Object[] box(Object arr) {
        if (arr instanceof long[] a) {
            Object[] out = new Object[a.length];
            for (int k = 0; k < a.length; k++) {
                out[k] = a[k];
            }
            return out;
        }
        return (Object[]) arr;
    }

    /** Textbook single-star backtracking matcher, deliberately different from {@link Glob}. */
    static boolean glob(Wildcard w, String text) {
        StringBuilder chars = new StringBuilder();
        StringBuilder stars = new StringBuilder();
        for (int s = 0; s < w.segments().size(); s++) {
            if (s > 0) {
                chars.append('*');
                stars.append('1');
            }
            chars.append(w.segments().get(s));
            stars.append("0".repeat(w.segments().get(s).length()));
        }
        int n = text.length();
        int m = chars.length();
        int i = 0;
        int j = 0;
        int starJ = -1;
        int mark = 0;
        while (i < n) {
            if (j < m && stars.charAt(j) == '0' && Wildcard.sameChar(chars.charAt(j), text.charAt(i), w.ignoreCase())) {
                i++;
                j++;
            } else if (j < m && stars.charAt(j) == '1') {
                starJ = j++;
                mark = i;
            } else if (starJ >= 0) {
                j = starJ + 1;
                i = ++mark;
            } else {
                return false;
            }
        }
        while (j < m && stars.charAt(j) == '1') {
            j++;
        }
        return j == m;
    }
}
