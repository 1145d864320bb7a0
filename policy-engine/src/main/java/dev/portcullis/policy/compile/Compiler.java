package dev.portcullis.policy.compile;

import com.google.re2j.Pattern;
import dev.portcullis.policy.ExecutionContext;
import dev.portcullis.policy.check.Builtin;
import dev.portcullis.policy.check.Cond;
import dev.portcullis.policy.check.SetLiteral;
import dev.portcullis.policy.check.Val;
import dev.portcullis.policy.check.Wildcard;
import dev.portcullis.policy.compile.Preds.BytesPred;
import dev.portcullis.policy.compile.Preds.IpPred;
import dev.portcullis.policy.compile.Preds.LongPred;
import dev.portcullis.policy.lists.CidrSet;
import dev.portcullis.policy.lists.IpRange;
import dev.portcullis.policy.lists.IpText;
import dev.portcullis.policy.lists.PolicyList;
import dev.portcullis.policy.lists.PolicyLists;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a checked tree into specialised matchers: field reads straight from the context arrays, hash sets for
 * string sets, merged sorted ranges for int sets, {@link CidrSet} for IP sets, re2j patterns compiled once,
 * {@link Glob} for wildcards, and loops over unboxed arrays for any()/all().
 */
public final class Compiler {
    private Compiler() {
    }

    public static Matcher compile(Cond c) {
        if (c instanceof Cond.Const k) {
            boolean v = k.value();
            return (ctx, e) -> v;
        }
        if (c instanceof Cond.Truthy t) {
            if (t.value() instanceof Val.FieldVal f) {
                int i = f.field().index();
                return (ctx, e) -> ctx.has(i) && ctx.longAt(i) != 0;
            }
            ValFn fn = value(t.value());
            return (ctx, e) -> Boolean.TRUE.equals(fn.get(ctx, e));
        }
        if (c instanceof Cond.Not n) {
            Matcher m = compile(n.operand());
            return (ctx, e) -> !m.test(ctx, e);
        }
        if (c instanceof Cond.And a) {
            return and(compileAll(a.terms()));
        }
        if (c instanceof Cond.Or o) {
            return or(compileAll(o.terms()));
        }
        if (c instanceof Cond.Xor x) {
            Matcher[] ms = compileAll(x.terms());
            return (ctx, e) -> {
                boolean r = false;
                for (Matcher m : ms) {
                    r ^= m.test(ctx, e);
                }
                return r;
            };
        }
        if (c instanceof Cond.Quantified q) {
            return quantified(q);
        }
        Val lhs;
        if (c instanceof Cond.Compare cmp) {
            lhs = cmp.lhs();
        } else if (c instanceof Cond.InSet s) {
            lhs = s.lhs();
        } else {
            lhs = ((Cond.InList) c).lhs();
        }
        return switch (lhs.type()) {
            case BYTES -> onBytes(lhs, bytesPred(c));
            case INT -> onLong(lhs, longPred(c));
            case IP -> onIp(lhs, ipPred(c));
            default -> throw new IllegalStateException("comparison on " + lhs.type());
        };
    }

    private static Matcher[] compileAll(List<Cond> terms) {
        Matcher[] ms = new Matcher[terms.size()];
        for (int k = 0; k < ms.length; k++) {
            ms[k] = compile(terms.get(k));
        }
        return ms;
    }

    private static Matcher and(Matcher[] ms) {
        if (ms.length == 2) {
            Matcher a = ms[0];
            Matcher b = ms[1];
            return (ctx, e) -> a.test(ctx, e) && b.test(ctx, e);
        }
        return (ctx, e) -> {
            for (Matcher m : ms) {
                if (!m.test(ctx, e)) {
                    return false;
                }
            }
            return true;
        };
    }

    private static Matcher or(Matcher[] ms) {
        if (ms.length == 2) {
            Matcher a = ms[0];
            Matcher b = ms[1];
            return (ctx, e) -> a.test(ctx, e) || b.test(ctx, e);
        }
        return (ctx, e) -> {
            for (Matcher m : ms) {
                if (m.test(ctx, e)) {
                    return true;
                }
            }
            return false;
        };
    }

    private static Matcher quantified(Cond.Quantified q) {
        boolean all = q.all();
        Cond el = q.element();
        ValFn array = value(q.array());
        Val elLhs = directElementLhs(el);
        if (elLhs != null && elLhs.type() == dev.portcullis.policy.FieldType.INT) {
            LongPred p = longPred(el);
            return (ctx, e) -> {
                long[] a = (long[]) array.get(ctx, e);
                if (a == null) {
                    return all;
                }
                for (long v : a) {
                    if (p.test(v) != all) {
                        return !all;
                    }
                }
                return all;
            };
        }
        if (elLhs != null && elLhs.type() == dev.portcullis.policy.FieldType.BYTES) {
            BytesPred p = bytesPred(el);
            return (ctx, e) -> {
                Object a = array.get(ctx, e);
                if (a == null) {
                    return all;
                }
                for (String v : (String[]) a) {
                    if (p.test(v) != all) {
                        return !all;
                    }
                }
                return all;
            };
        }
        Matcher m = compile(el);
        return (ctx, e) -> {
            Object a = array.get(ctx, e);
            if (a == null) {
                return all;
            }
            if (a instanceof long[] longs) {
                for (long v : longs) {
                    if (m.test(ctx, v) != all) {
                        return !all;
                    }
                }
            } else {
                for (String v : (String[]) a) {
                    if (m.test(ctx, v) != all) {
                        return !all;
                    }
                }
            }
            return all;
        };
    }

    /** The element comparison's left side when it is the bare element ({@code x[*] == ...}), else null. */
    private static Val directElementLhs(Cond c) {
        Val lhs = null;
        if (c instanceof Cond.Compare cmp) {
            lhs = cmp.lhs();
        } else if (c instanceof Cond.InSet s) {
            lhs = s.lhs();
        } else if (c instanceof Cond.InList l) {
            lhs = l.lhs();
        }
        return lhs instanceof Val.ElemVal ? lhs : null;
    }

    private static Matcher onBytes(Val lhs, BytesPred p) {
        if (lhs instanceof Val.FieldVal f) {
            int i = f.field().index();
            return (ctx, e) -> {
                Object o = ctx.objAt(i);
                return o != null && p.test((String) o);
            };
        }
        if (lhs instanceof Val.ElemVal) {
            return (ctx, e) -> e != null && p.test((String) e);
        }
        ValFn fn = value(lhs);
        return (ctx, e) -> {
            Object o = fn.get(ctx, e);
            return o != null && p.test((String) o);
        };
    }

    private static Matcher onLong(Val lhs, LongPred p) {
        if (lhs instanceof Val.FieldVal f) {
            int i = f.field().index();
            return (ctx, e) -> ctx.has(i) && p.test(ctx.longAt(i));
        }
        ValFn fn = value(lhs);
        return (ctx, e) -> {
            Object o = fn.get(ctx, e);
            return o != null && p.test((Long) o);
        };
    }

    private static Matcher onIp(Val lhs, IpPred p) {
        if (lhs instanceof Val.FieldVal f) {
            int i = f.field().index();
            return (ctx, e) -> ctx.has(i) && p.test(ctx.hiAt(i), ctx.longAt(i));
        }
        ValFn fn = value(lhs);
        return (ctx, e) -> {
            long[] ip = (long[]) fn.get(ctx, e);
            return ip != null && p.test(ip[0], ip[1]);
        };
    }

    static BytesPred bytesPred(Cond c) {
        if (c instanceof Cond.InSet s) {
            List<String> items = ((SetLiteral.Bytes) s.set()).items();
            if (items.size() == 1) {
                String only = items.get(0);
                return only::equals;
            }
            Set<String> set = new HashSet<>(items);
            return set::contains;
        }
        if (c instanceof Cond.InList l) {
            PolicyLists lists = l.lists();
            PolicyList list = l.list();
            int ord = list.ordinal();
            return s -> Arrays.binarySearch(lists.listsContaining(PolicyLists.normalizeProbe(s)), ord) >= 0;
        }
        Cond.Compare cmp = (Cond.Compare) c;
        switch (cmp.op()) {
            case MATCHES -> {
                Pattern p = (Pattern) cmp.rhs();
                String[] needles = RegexLiterals.required(p.pattern()).toArray(new String[0]);
                if (needles.length == 0) {
                    return s -> p.matcher(s).find();
                }
                return s -> {
                    for (String needle : needles) {
                        if (!s.contains(needle)) {
                            return false;
                        }
                    }
                    return p.matcher(s).find();
                };
            }
            case WILDCARD, STRICT_WILDCARD -> {
                Glob g = new Glob((Wildcard) cmp.rhs());
                return g::matches;
            }
            default -> {
            }
        }
        String r = (String) cmp.rhs();
        return switch (cmp.op()) {
            case EQ -> r::equals;
            case NE -> s -> !r.equals(s);
            case LT -> s -> s.compareTo(r) < 0;
            case LE -> s -> s.compareTo(r) <= 0;
            case GT -> s -> s.compareTo(r) > 0;
            case GE -> s -> s.compareTo(r) >= 0;
            case CONTAINS -> s -> s.contains(r);
            default -> throw new IllegalStateException(cmp.op().toString());
        };
    }

    static LongPred longPred(Cond c) {
        if (c instanceof Cond.InSet s) {
            return intSet(((SetLiteral.Ints) s.set()).ranges());
        }
        Cond.Compare cmp = (Cond.Compare) c;
        long r = (Long) cmp.rhs();
        return switch (cmp.op()) {
            case EQ -> v -> v == r;
            case NE -> v -> v != r;
            case LT -> v -> v < r;
            case LE -> v -> v <= r;
            case GT -> v -> v > r;
            case GE -> v -> v >= r;
            default -> throw new IllegalStateException(cmp.op().toString());
        };
    }

    /** Merges ranges and answers by binary search over the starts. */
    private static LongPred intSet(List<long[]> ranges) {
        List<long[]> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(r -> r[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] r : sorted) {
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && (r[0] <= last[1] || last[1] != Long.MAX_VALUE && r[0] == last[1] + 1)) {
                last[1] = Math.max(last[1], r[1]);
            } else {
                merged.add(new long[] {r[0], r[1]});
            }
        }
        int n = merged.size();
        if (n == 0) {
            return v -> false;
        }
        if (n == 1) {
            long lo = merged.get(0)[0];
            long hi = merged.get(0)[1];
            return v -> lo <= v && v <= hi;
        }
        long[] starts = new long[n];
        long[] ends = new long[n];
        for (int k = 0; k < n; k++) {
            starts[k] = merged.get(k)[0];
            ends[k] = merged.get(k)[1];
        }
        return v -> {
            int idx = Arrays.binarySearch(starts, v);
            if (idx >= 0) {
                return true;
            }
            int below = -idx - 2;
            return below >= 0 && v <= ends[below];
        };
    }

    static IpPred ipPred(Cond c) {
        if (c instanceof Cond.InSet s) {
            CidrSet set = CidrSet.of(((SetLiteral.Ips) s.set()).ranges());
            return set::contains;
        }
        if (c instanceof Cond.InList l) {
            PolicyLists lists = l.lists();
            PolicyList list = l.list();
            return (hi, lo) -> lists.containsIp(list, hi, lo);
        }
        Cond.Compare cmp = (Cond.Compare) c;
        IpRange r = (IpRange) cmp.rhs();
        long rh = r.startHi();
        long rl = r.startLo();
        return switch (cmp.op()) {
            case EQ -> (hi, lo) -> hi == rh && lo == rl;
            case NE -> (hi, lo) -> hi != rh || lo != rl;
            case LT -> (hi, lo) -> IpText.compare(hi, lo, rh, rl) < 0;
            case LE -> (hi, lo) -> IpText.compare(hi, lo, rh, rl) <= 0;
            case GT -> (hi, lo) -> IpText.compare(hi, lo, rh, rl) > 0;
            case GE -> (hi, lo) -> IpText.compare(hi, lo, rh, rl) >= 0;
            default -> throw new IllegalStateException(cmp.op().toString());
        };
    }

    /** A value as an object (String, Long, Boolean, long[2] for IPs, arrays, maps); null when absent. */
    @FunctionalInterface
    interface ValFn {
        Object get(ExecutionContext ctx, Object elem);
    }

    @SuppressWarnings("unchecked")
    private static ValFn value(Val v) {
        if (v instanceof Val.FieldVal f) {
            int i = f.field().index();
            return switch (f.type()) {
                case BOOL -> (ctx, e) -> ctx.has(i) ? (Boolean) (ctx.longAt(i) != 0) : null;
                case INT -> (ctx, e) -> ctx.has(i) ? (Long) ctx.longAt(i) : null;
                case IP -> (ctx, e) -> ctx.has(i) ? new long[] {ctx.hiAt(i), ctx.longAt(i)} : null;
                default -> (ctx, e) -> ctx.objAt(i);
            };
        }
        if (v instanceof Val.ElemVal) {
            return (ctx, e) -> e;
        }
        if (v instanceof Val.LitVal l) {
            Object k = l.value();
            return (ctx, e) -> k;
        }
        if (v instanceof Val.MapGet m) {
            ValFn base = value(m.base());
            String key = m.key();
            return (ctx, e) -> {
                Object b = base.get(ctx, e);
                return b == null ? null : ((Map<String, String[]>) b).get(key);
            };
        }
        if (v instanceof Val.ArrayGet a) {
            ValFn base = value(a.base());
            int idx = a.index();
            return (ctx, e) -> {
                Object b = base.get(ctx, e);
                if (b instanceof long[] longs) {
                    return idx < longs.length ? (Long) longs[idx] : null;
                }
                return b != null && idx < ((String[]) b).length ? ((String[]) b)[idx] : null;
            };
        }
        Val.CallVal call = (Val.CallVal) v;
        Builtin fn = call.fn();
        ValFn[] args = new ValFn[call.args().size()];
        for (int k = 0; k < args.length; k++) {
            args[k] = value(call.args().get(k));
        }
        if (args.length == 1 && fn == Builtin.LOWER) {
            ValFn a = args[0];
            return (ctx, e) -> {
                Object s = a.get(ctx, e);
                return s == null ? null : ((String) s).toLowerCase(java.util.Locale.ROOT);
            };
        }
        return (ctx, e) -> {
            Object[] vals = new Object[args.length];
            for (int k = 0; k < args.length; k++) {
                vals[k] = args[k].get(ctx, e);
            }
            return fn.apply(vals);
        };
    }
}
