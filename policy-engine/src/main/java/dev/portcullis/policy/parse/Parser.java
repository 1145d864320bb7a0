package dev.portcullis.policy.parse;

import dev.portcullis.policy.ParserSettings;
import dev.portcullis.policy.PolicyParseException;
import dev.portcullis.policy.parse.Expr.CompareOp;
import dev.portcullis.policy.parse.Expr.LogicOp;
import dev.portcullis.policy.parse.Token.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Recursive-descent parser with Wirefilter precedence: not &gt; and &gt; xor &gt; or. Depth is bounded by
 * {@link ParserSettings#maxNestingDepth()} so that hostile input cannot overflow the stack.
 */
public final class Parser {
    private static final Map<String, CompareOp> WORD_OPS = Map.of(
            "eq", CompareOp.EQ, "ne", CompareOp.NE, "lt", CompareOp.LT, "le", CompareOp.LE,
            "gt", CompareOp.GT, "ge", CompareOp.GE, "contains", CompareOp.CONTAINS,
            "matches", CompareOp.MATCHES, "wildcard", CompareOp.WILDCARD);
    private static final Map<String, CompareOp> SYMBOL_OPS = Map.of(
            "==", CompareOp.EQ, "!=", CompareOp.NE, "<", CompareOp.LT, "<=", CompareOp.LE,
            ">", CompareOp.GT, ">=", CompareOp.GE, "~", CompareOp.MATCHES);

    private final String src;
    private final List<Token> tokens;
    private final ParserSettings settings;
    private int pos;
    private int depth;

    private Parser(String src, List<Token> tokens, ParserSettings settings) {
        this.src = src;
        this.tokens = tokens;
        this.settings = settings;
    }

    public static Expr parse(String src, ParserSettings settings) throws PolicyParseException {
        if (src.length() > settings.maxExpressionLength()) {
            throw new PolicyParseException(src, settings.maxExpressionLength(), src.length(),
                    "expression is " + src.length() + " characters long; the limit is "
                            + settings.maxExpressionLength());
        }
        Parser p = new Parser(src, Lexer.tokenize(src), settings);
        if (p.peek().kind() == Kind.EOF) {
            return new Expr.Empty(0, 0);
        }
        Expr e = p.or();
        Token t = p.peek();
        if (t.kind() != Kind.EOF) {
            throw p.error(t, "unexpected " + t.describe() + " after a complete condition; expected 'and', 'or', "
                    + "'xor' or the end");
        }
        return e;
    }

    private Expr or() throws PolicyParseException {
        return logical(LogicOp.OR, "or", "||");
    }

    private Expr xor() throws PolicyParseException {
        return logical(LogicOp.XOR, "xor", "^^");
    }

    private Expr and() throws PolicyParseException {
        return logical(LogicOp.AND, "and", "&&");
    }

    private Expr next(LogicOp op) throws PolicyParseException {
        return switch (op) {
            case OR -> xor();
            case XOR -> and();
            case AND -> unary();
        };
    }

    private Expr logical(LogicOp op, String word, String symbol) throws PolicyParseException {
        Expr first = next(op);
        List<Expr> terms = null;
        while (peek().isWord(word) || peek().isOp(symbol)) {
            pos++;
            if (terms == null) {
                terms = new ArrayList<>();
                terms.add(first);
            }
            terms.add(next(op));
        }
        if (terms == null) {
            return first;
        }
        return new Expr.Logical(op, List.copyOf(terms), first.start(), terms.get(terms.size() - 1).end());
    }

    private Expr unary() throws PolicyParseException {
        Token t = peek();
        if (t.isWord("not") || t.isOp("!")) {
            pos++;
            enter(t);
            Expr operand = unary();
            depth--;
            return new Expr.Not(operand, t.start(), operand.end());
        }
        return primary();
    }

    private Expr primary() throws PolicyParseException {
        Token t = peek();
        if (t.kind() == Kind.LPAREN) {
            pos++;
            enter(t);
            Expr e = or();
            depth--;
            expectClose(Kind.RPAREN, ")", t);
            return e;
        }
        return simple();
    }

    private Expr simple() throws PolicyParseException {
        Expr lhs = value();
        Token t = peek();
        CompareOp op = null;
        int opEnd = t.end();
        if (t.kind() == Kind.OP) {
            op = SYMBOL_OPS.get(t.text());
        } else if (t.kind() == Kind.WORD) {
            op = WORD_OPS.get(t.text());
            if (t.text().equals("strict")) {
                Token w = peekAt(1);
                if (!w.isWord("wildcard")) {
                    throw error(w, "expected 'wildcard' after 'strict', found " + w.describe());
                }
                op = CompareOp.STRICT_WILDCARD;
                pos++;
                opEnd = w.end();
            } else if (t.text().equals("in")) {
                pos++;
                return in(lhs, t);
            }
        }
        if (op == null) {
            return lhs;
        }
        pos++;
        Expr.Literal rhs = literal("after '" + src.substring(t.start(), opEnd) + "'");
        return new Expr.Comparison(lhs, op, rhs, t.start(), opEnd, lhs.start(), rhs.end());
    }

    private Expr in(Expr lhs, Token in) throws PolicyParseException {
        Token t = next();
        if (t.kind() == Kind.LIST) {
            return new Expr.InList(lhs, t.text(), t.start(), t.end(), lhs.start(), t.end());
        }
        if (t.kind() != Kind.LBRACE) {
            throw error(t, "expected '{' or a $list after 'in', found " + t.describe());
        }
        List<Expr.Literal> items = new ArrayList<>();
        while (true) {
            Token n = peek();
            if (n.kind() == Kind.RBRACE) {
                pos++;
                return new Expr.InSet(lhs, List.copyOf(items), lhs.start(), n.end());
            }
            if (n.kind() == Kind.COMMA) {
                pos++;
                continue;
            }
            if (n.kind() == Kind.EOF) {
                throw error(n, "expected '}' to close the set opened at " + position(t.start()) + ", found "
                        + n.describe());
            }
            if (items.size() >= settings.maxSetSize()) {
                throw error(n, "set has more than " + settings.maxSetSize() + " items; use a list ($name) instead");
            }
            items.add(literal("in a set"));
        }
    }

    private Expr.Literal literal(String where) throws PolicyParseException {
        Token t = next();
        if (t.kind() == Kind.STRING || t.kind() == Kind.WORD) {
            return new Expr.Literal(t.kind() == Kind.STRING, t.text(), t.start(), t.end());
        }
        throw error(t, "expected a value " + where + ", found " + t.describe());
    }

    private Expr value() throws PolicyParseException {
        Token t = next();
        if (t.kind() == Kind.STRING) {
            return new Expr.Literal(true, t.text(), t.start(), t.end());
        }
        if (t.kind() != Kind.WORD) {
            throw error(t, "expected a field, function or condition, found " + t.describe());
        }
        char c0 = t.text().charAt(0);
        if (c0 >= '0' && c0 <= '9' || c0 == '-' || c0 == ':') {
            return new Expr.Literal(false, t.text(), t.start(), t.end());
        }
        if (!isIdentifier(t.text())) {
            throw error(t, "'" + t.text() + "' is not a field name");
        }
        if (peek().kind() == Kind.LPAREN) {
            return call(t);
        }
        return path(t);
    }

    private Expr call(Token name) throws PolicyParseException {
        Token open = next();
        enter(open);
        List<Expr> args = new ArrayList<>();
        if (peek().kind() != Kind.RPAREN) {
            while (true) {
                args.add(or());
                if (peek().kind() == Kind.COMMA) {
                    pos++;
                    continue;
                }
                break;
            }
        }
        depth--;
        Token close = expectClose(Kind.RPAREN, ")", open);
        return new Expr.Call(name.text(), List.copyOf(args), name.end(), name.start(), close.end());
    }

    private Expr path(Token name) throws PolicyParseException {
        List<Expr.Accessor> acc = new ArrayList<>();
        int end = name.end();
        while (peek().kind() == Kind.LBRACKET) {
            Token open = next();
            Token in = next();
            boolean digits = in.kind() == Kind.WORD && in.text().length() <= 9
                    && in.text().chars().allMatch(ch -> ch >= '0' && ch <= '9');
            if (in.kind() != Kind.STAR && in.kind() != Kind.STRING && !digits) {
                throw error(in, "expected \"key\", an index or '*' inside '[...]', found " + in.describe());
            }
            Token close = expectClose(Kind.RBRACKET, "]", open);
            end = close.end();
            Expr.Accessor a;
            if (in.kind() == Kind.STAR) {
                a = new Expr.Star(open.start(), end);
            } else if (in.kind() == Kind.STRING) {
                a = new Expr.Key(in.text(), open.start(), end);
            } else {
                a = new Expr.Index(Integer.parseInt(in.text()), open.start(), end);
            }
            acc.add(a);
            Token m = peek();
            if (m.kind() == Kind.WORD && m.start() == end && m.text().startsWith(".")) {
                pos++;
                String member = m.text().substring(1);
                if (!isIdentifier(member)) {
                    throw error(m, "'" + m.text() + "' is not a valid member name");
                }
                acc.add(new Expr.Member(member, m.start(), m.end()));
                end = m.end();
            }
        }
        return new Expr.Path(name.text(), List.copyOf(acc), name.end(), name.start(), end);
    }

    private static boolean isIdentifier(String s) {
        if (s.isEmpty() || s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.')) {
                return false;
            }
        }
        return true;
    }

    private Token expectClose(Kind kind, String text, Token open) throws PolicyParseException {
        Token t = next();
        if (t.kind() != kind) {
            throw error(t, "expected '" + text + "' to close '" + open.text() + "' at " + position(open.start())
                    + ", found " + t.describe());
        }
        return t;
    }

    private void enter(Token t) throws PolicyParseException {
        if (++depth > settings.maxNestingDepth()) {
            throw error(t, "expression nests deeper than " + settings.maxNestingDepth() + " levels");
        }
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Kind.EOF) {
            pos++;
        }
        return t;
    }

    private String position(int offset) {
        PolicyParseException at = new PolicyParseException(src, offset, offset, "");
        return at.line() + ":" + at.column();
    }

    private PolicyParseException error(Token t, String detail) {
        return new PolicyParseException(src, t.start(), Math.max(t.end(), t.start() + 1), detail);
    }
}
