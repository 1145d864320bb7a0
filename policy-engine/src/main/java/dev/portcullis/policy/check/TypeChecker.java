package dev.portcullis.policy.check;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.portcullis.policy.Field;
import dev.portcullis.policy.FieldType;
import dev.portcullis.policy.ParserSettings;
import dev.portcullis.policy.PolicyParseException;
import dev.portcullis.policy.Scheme;
import dev.portcullis.policy.lists.IpRange;
import dev.portcullis.policy.lists.IpText;
import dev.portcullis.policy.lists.ListType;
import dev.portcullis.policy.lists.PolicyList;
import dev.portcullis.policy.lists.PolicyLists;
import dev.portcullis.policy.parse.Expr;
import dev.portcullis.policy.parse.Expr.CompareOp;
import dev.portcullis.policy.rules.Phase;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Resolves names, types and phases: a filter that passes is well typed, uses only fields of its phase and has
 * every literal in its final form (numbers parsed, IPs as ranges, regexes compiled once).
 */
public final class TypeChecker {
    private final String src;
    private final Scheme scheme;
    private final PolicyLists lists;
    private final Phase phase;
    private final ParserSettings settings;
    private final Set<Field> used = new LinkedHashSet<>();

    private TypeChecker(String src, Scheme scheme, PolicyLists lists, Phase phase, ParserSettings settings) {
        this.src = src;
        this.scheme = scheme;
        this.lists = lists;
        this.phase = phase;
        this.settings = settings;
    }

    public static Checked check(Expr e, String src, Scheme scheme, PolicyLists lists, Phase phase,
                                ParserSettings settings) throws PolicyParseException {
        TypeChecker c = new TypeChecker(src, scheme, lists, phase, settings);
        Cond root = c.cond(e, null);
        return new Checked(root, Set.copyOf(c.used));
    }

    /** Holds the array of the single {@code [*]} an any()/all() iterates. */
    private static final class StarScope {
        Val base;
    }

    private Cond cond(Expr e, StarScope scope) throws PolicyParseException {
        if (e instanceof Expr.Empty) {
            return new Cond.Const(true);
        }
        if (e instanceof Expr.Logical l) {
            List<Cond> terms = new ArrayList<>(l.terms().size());
            for (Expr t : l.terms()) {
                terms.add(cond(t, scope));
            }
            return switch (l.op()) {
                case AND -> new Cond.And(List.copyOf(terms));
                case OR -> new Cond.Or(List.copyOf(terms));
                case XOR -> new Cond.Xor(List.copyOf(terms));
            };
        }
        if (e instanceof Expr.Not n) {
            return new Cond.Not(cond(n.operand(), scope));
        }
        if (e instanceof Expr.Comparison c) {
            return comparison(c, scope);
        }
        if (e instanceof Expr.InSet s) {
            return inSet(s, scope);
        }
        if (e instanceof Expr.InList l) {
            return inList(l, scope);
        }
        if (e instanceof Expr.Call call && (call.name().equals("any") || call.name().equals("all"))) {
            return quantified(call, scope);
        }
        if (e instanceof Expr.Literal lit) {
            throw error(lit.start(), lit.end(), "a value alone is not a condition; compare a field with it");
        }
        Val v = value(e, scope);
        if (v.type() != FieldType.BOOL) {
            throw error(e.start(), e.end(), "expected a condition (Bool), found " + describe(v)
                    + "; compare it, e.g. " + src.substring(e.start(), e.end()) + example(v.type()));
        }
        return new Cond.Truthy(v);
    }

    private Cond quantified(Expr.Call call, StarScope outer) throws PolicyParseException {
        boolean all = call.name().equals("all");
        if (outer != null) {
            throw error(call.start(), call.nameEnd(), call.name() + "() cannot be nested inside any() or all()");
        }
        if (call.args().size() != 1) {
            throw error(call.start(), call.end(), call.name() + "() takes exactly one condition over an array, e.g. "
                    + call.name() + "(http.request.domains[*] == \"example.com\")");
        }
        StarScope scope = new StarScope();
        Expr arg = call.args().get(0);
        Cond element = cond(arg, scope);
        if (scope.base == null) {
            throw error(arg.start(), arg.end(), call.name() + "() needs an array element written with [*], e.g. "
                    + call.name() + "(http.request.domains[*] == \"example.com\")");
        }
        return new Cond.Quantified(all, scope.base, element);
    }

    private Cond comparison(Expr.Comparison c, StarScope scope) throws PolicyParseException {
        Val lhs = scalar(c.lhs(), scope);
        FieldType t = lhs.type();
        CompareOp op = c.op();
        Expr.Literal rhs = c.rhs();
        String opText = src.substring(c.opStart(), c.opEnd());
        switch (t) {
            case BYTES -> {
                String s = bytesLiteral(rhs);
                return switch (op) {
                    case MATCHES -> new Cond.Compare(lhs, op, regex(rhs, s));
                    case WILDCARD, STRICT_WILDCARD -> {
                        try {
                            yield new Cond.Compare(lhs, op, Wildcard.parse(s, op == CompareOp.WILDCARD));
                        } catch (IllegalArgumentException ex) {
                            throw error(rhs.start(), rhs.end(), ex.getMessage());
                        }
                    }
                    default -> new Cond.Compare(lhs, op, s);
                };
            }
            case INT -> {
                if (op == CompareOp.CONTAINS || op == CompareOp.MATCHES || op == CompareOp.WILDCARD
                        || op == CompareOp.STRICT_WILDCARD) {
                    throw error(c.opStart(), c.opEnd(), "'" + opText + "' needs Bytes, but " + describe(lhs)
                            + " is Int; use ==, !=, <, <=, >, >= or in {...}");
                }
                return new Cond.Compare(lhs, op, intLiteral(rhs));
            }
            case IP -> {
                if (op == CompareOp.CONTAINS || op == CompareOp.MATCHES || op == CompareOp.WILDCARD
                        || op == CompareOp.STRICT_WILDCARD) {
                    throw error(c.opStart(), c.opEnd(), "'" + opText + "' needs Bytes, but " + describe(lhs)
                            + " is Ip; use ==, !=, <, <=, >, >= or in {...} (CIDRs go in a set)");
                }
                long[] a;
                try {
                    a = IpText.parseAddress(rhs.text());
                } catch (IllegalArgumentException ex) {
                    throw error(rhs.start(), rhs.end(), "expected an IP address, found '" + rhs.text() + "'"
                            + (rhs.text().contains("/") || rhs.text().contains("..")
                            ? "; CIDRs and ranges go in a set: in {" + rhs.text() + "}" : ""));
                }
                return new Cond.Compare(lhs, op, new IpRange(a[0], a[1], a[0], a[1]));
            }
            default -> throw notScalar(c.lhs(), lhs);
        }
    }

    private Cond inSet(Expr.InSet s, StarScope scope) throws PolicyParseException {
        Val lhs = scalar(s.lhs(), scope);
        switch (lhs.type()) {
            case BYTES -> {
                List<String> items = new ArrayList<>();
                for (Expr.Literal l : s.items()) {
                    items.add(bytesLiteral(l));
                }
                return new Cond.InSet(lhs, new SetLiteral.Bytes(List.copyOf(items)));
            }
            case INT -> {
                List<long[]> ranges = new ArrayList<>();
                for (Expr.Literal l : s.items()) {
                    int dots = l.quoted() ? -1 : l.text().indexOf("..");
                    if (dots > 0) {
                        long a = intText(l, l.text().substring(0, dots));
                        long b = intText(l, l.text().substring(dots + 2));
                        if (a > b) {
                            throw error(l.start(), l.end(), "range '" + l.text() + "' ends before it starts");
                        }
                        ranges.add(new long[] {a, b});
                    } else {
                        long v = intLiteral(l);
                        ranges.add(new long[] {v, v});
                    }
                }
                return new Cond.InSet(lhs, new SetLiteral.Ints(List.copyOf(ranges)));
            }
            case IP -> {
                List<IpRange> ranges = new ArrayList<>();
                for (Expr.Literal l : s.items()) {
                    try {
                        ranges.add(IpText.parseRange(l.text()));
                    } catch (IllegalArgumentException ex) {
                        throw error(l.start(), l.end(), "expected an IP address, CIDR or range, found '" + l.text()
                                + "': " + ex.getMessage());
                    }
                }
                return new Cond.InSet(lhs, new SetLiteral.Ips(List.copyOf(ranges)));
            }
            default -> throw notScalar(s.lhs(), lhs);
        }
    }

    private Cond inList(Expr.InList l, StarScope scope) throws PolicyParseException {
        Val lhs = scalar(l.lhs(), scope);
        PolicyList list = lists.find(l.ref()).orElse(null);
        if (list == null) {
            List<String> names = lists.lists().stream().map(PolicyList::name).collect(Collectors.toList());
            String close = Suggest.closest(l.ref(), names);
            throw error(l.refStart(), l.refEnd(), "unknown list '$" + l.ref() + "'"
                    + (close == null ? "" : "; did you mean '$" + close + "'?"));
        }
        boolean ipList = list.type() == ListType.IP;
        if (ipList && lhs.type() != FieldType.IP || !ipList && lhs.type() != FieldType.BYTES) {
            if (lhs.type() != FieldType.IP && lhs.type() != FieldType.BYTES) {
                throw notScalar(l.lhs(), lhs);
            }
            throw error(l.start(), l.end(), "list '$" + list.name() + "' is a " + list.type() + " list, but "
                    + describe(lhs) + " is " + lhs.type().display() + "; " + list.type()
                    + " lists need " + (ipList ? "an Ip" : "a Bytes") + " value");
        }
        return new Cond.InList(lhs, list, lists);
    }

    /** The left side of a comparison: a value that is not an array, map or Bool. */
    private Val scalar(Expr e, StarScope scope) throws PolicyParseException {
        Val v = value(e, scope);
        FieldType t = v.type();
        if (t.isArray() || t.isMap() || t == FieldType.BOOL) {
            throw notScalar(e, v);
        }
        return v;
    }

    private PolicyParseException notScalar(Expr e, Val v) {
        String text = src.substring(e.start(), e.end());
        if (v.type().isArray()) {
            return error(e.start(), e.end(), describe(v) + " is " + v.type().display()
                    + "; compare its elements with any(" + text + "[*] ...) or all(" + text + "[*] ...)");
        }
        if (v.type().isMap()) {
            return error(e.start(), e.end(), describe(v) + " is " + v.type().display()
                    + "; pick an entry first, e.g. any(" + text + "[\"user-agent\"][*] contains \"curl\")");
        }
        return error(e.start(), e.end(), describe(v) + " is Bool and is a condition by itself; drop the comparison");
    }

    private Val value(Expr e, StarScope scope) throws PolicyParseException {
        if (e instanceof Expr.Path p) {
            return path(p, scope);
        }
        if (e instanceof Expr.Call c) {
            return call(c, scope);
        }
        if (e instanceof Expr.Literal l) {
            if (l.quoted()) {
                return new Val.LitVal(l.text(), FieldType.BYTES);
            }
            return new Val.LitVal(intLiteral(l), FieldType.INT);
        }
        throw error(e.start(), e.end(), "expected a value, found a condition");
    }

    private Val path(Expr.Path p, StarScope scope) throws PolicyParseException {
        String name = p.name();
        List<Expr.Accessor> acc = p.accessors();
        // Gateway writes identity.groups[*].name for the field identity.groups.name[*].
        if (acc.size() >= 2 && acc.get(0) instanceof Expr.Star && acc.get(1) instanceof Expr.Member m
                && scheme.field(name + "." + m.name()).isPresent()) {
            name = name + "." + m.name();
            List<Expr.Accessor> rest = new ArrayList<>(acc);
            rest.remove(1);
            acc = rest;
        }
        Field f = scheme.field(name).orElse(null);
        if (f == null) {
            throw unknownField(name, p.start(), p.nameEnd());
        }
        if (!f.availableIn(phase)) {
            throw error(p.start(), p.nameEnd(), "field '" + f.name() + "' is not available in " + phase
                    + " rules" + (phase != Phase.HTTP && f.phases().equals(Set.of(Phase.HTTP))
                    ? "; it is only known after decryption, in HTTP rules" : "; it exists in " + f.phases()));
        }
        used.add(f);
        Val v = new Val.FieldVal(f);
        for (Expr.Accessor a : acc) {
            if (a instanceof Expr.Key k) {
                if (!v.type().isMap()) {
                    throw error(a.start(), a.end(), "[\"" + k.key() + "\"] needs a map, but " + describe(v) + " is "
                            + v.type().display());
                }
                v = new Val.MapGet(v, k.key().toLowerCase(Locale.ROOT));
            } else if (a instanceof Expr.Index i) {
                if (!v.type().isArray()) {
                    throw error(a.start(), a.end(), "[" + i.index() + "] needs an array, but " + describe(v) + " is "
                            + v.type().display());
                }
                v = new Val.ArrayGet(v, i.index());
            } else if (a instanceof Expr.Star) {
                if (!v.type().isArray()) {
                    throw error(a.start(), a.end(), "[*] needs an array, but " + describe(v) + " is "
                            + v.type().display());
                }
                if (scope == null) {
                    throw error(p.start(), a.end(), "[*] yields every element; wrap the comparison in any(...) or "
                            + "all(...)");
                }
                if (scope.base != null && !scope.base.equals(v)) {
                    throw error(p.start(), a.end(), "all [*] inside one any()/all() must refer to the same array");
                }
                scope.base = v;
                v = new Val.ElemVal(v.type().element());
            } else {
                Expr.Member m = (Expr.Member) a;
                throw error(a.start(), a.end(), describe(v) + " has no member '" + m.name() + "'");
            }
        }
        return v;
    }

    private PolicyParseException unknownField(String name, int start, int end) {
        List<String> names = scheme.fields().stream().map(Field::name).collect(Collectors.toList());
        List<String> members = names.stream().filter(n -> n.startsWith(name + "."))
                .collect(Collectors.toList());
        if (!members.isEmpty()) {
            return error(start, end, "'" + name + "' is not a field by itself; use one of "
                    + String.join(", ", members));
        }
        return error(start, end, "unknown field '" + name + "'" + Suggest.didYouMean(name, names));
    }

    private Val call(Expr.Call c, StarScope scope) throws PolicyParseException {
        if (c.name().equals("any") || c.name().equals("all")) {
            throw error(c.start(), c.nameEnd(), c.name() + "() is a condition; it cannot be used as a value");
        }
        Builtin fn = Builtin.byName(c.name());
        if (fn == null) {
            List<String> names = new ArrayList<>();
            for (Builtin b : Builtin.values()) {
                names.add(b.spelling());
            }
            names.add("any");
            names.add("all");
            throw error(c.start(), c.nameEnd(), "unknown function '" + c.name() + "'"
                    + Suggest.didYouMean(c.name(), names));
        }
        List<Val> args = new ArrayList<>();
        for (Expr a : c.args()) {
            args.add(value(a, scope));
        }
        int min = switch (fn) {
            case CONCAT -> 2;
            case STARTS_WITH, ENDS_WITH -> 2;
            default -> 1;
        };
        int max = fn == Builtin.CONCAT ? 64 : min;
        if (args.size() < min || args.size() > max) {
            throw error(c.start(), c.end(), fn.spelling() + "() takes " + (min == max ? String.valueOf(min)
                    : min + " to " + max) + " argument" + (max == 1 ? "" : "s") + ", found " + args.size());
        }
        for (int i = 0; i < args.size(); i++) {
            Val a = args.get(i);
            Expr ae = c.args().get(i);
            boolean ok = fn == Builtin.LEN
                    ? a.type() == FieldType.BYTES || a.type().isArray() || a.type().isMap()
                    : a.type() == FieldType.BYTES;
            if (!ok) {
                throw error(ae.start(), ae.end(), fn.spelling() + "() expects " + (fn == Builtin.LEN
                        ? "Bytes, an array or a map" : "Bytes") + " for argument " + (i + 1) + ", found "
                        + a.type().display());
            }
        }
        return new Val.CallVal(fn, List.copyOf(args), fn.result());
    }

    private String bytesLiteral(Expr.Literal l) throws PolicyParseException {
        if (!l.quoted()) {
            throw error(l.start(), l.end(), "expected a quoted string, found '" + l.text() + "'; write \"" + l.text()
                    + "\"");
        }
        return l.text();
    }

    private long intLiteral(Expr.Literal l) throws PolicyParseException {
        if (!l.quoted() && l.text().contains("..")) {
            throw error(l.start(), l.end(), "ranges like '" + l.text() + "' are only allowed in a set: in {"
                    + l.text() + "}");
        }
        return intText(l, l.text());
    }

    private long intText(Expr.Literal l, String text) throws PolicyParseException {
        try {
            String t = text;
            boolean neg = t.startsWith("-");
            String digits = neg ? t.substring(1) : t;
            long v;
            if (!l.quoted() && (digits.startsWith("0x") || digits.startsWith("0X")) && digits.length() > 2) {
                v = Long.parseLong(digits.substring(2), 16);
            } else if (!digits.isEmpty() && digits.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                v = Long.parseLong(digits);
            } else {
                throw new NumberFormatException();
            }
            return neg ? -v : v;
        } catch (NumberFormatException ex) {
            throw error(l.start(), l.end(), "expected an integer, found " + (l.quoted() ? "\"" + l.text() + "\""
                    : "'" + l.text() + "'"));
        }
    }

    private Pattern regex(Expr.Literal l, String s) throws PolicyParseException {
        if (s.length() > settings.maxRegexLength()) {
            throw error(l.start(), l.end(), "regular expression is " + s.length() + " characters long; the limit is "
                    + settings.maxRegexLength());
        }
        try {
            return Pattern.compile(s);
        } catch (PatternSyntaxException ex) {
            throw error(l.start(), l.end(), "invalid regular expression: " + ex.getDescription());
        } catch (RuntimeException ex) {
            throw error(l.start(), l.end(), "invalid regular expression: " + ex.getMessage());
        }
    }

    private static String describe(Val v) {
        if (v instanceof Val.FieldVal f) {
            return "field '" + f.field().name() + "'";
        }
        if (v instanceof Val.CallVal c) {
            return c.fn().spelling() + "(...)";
        }
        if (v instanceof Val.ElemVal) {
            return "the array element";
        }
        return "the value";
    }

    private static String example(FieldType t) {
        return switch (t) {
            case INT -> " == 443";
            case IP -> " in {10.0.0.0/8}";
            case BYTES -> " == \"example.com\"";
            default -> "[*] ... inside any(...)";
        };
    }

    private PolicyParseException error(int start, int end, String detail) {
        return new PolicyParseException(src, start, end, detail);
    }
}
