package dev.portcullis.policy.parse;

import java.util.List;

/** The untyped syntax tree; every node knows its source span [start, end). */
public sealed interface Expr {
    int start();

    int end();

    /** The empty expression (always true). */
    record Empty(int start, int end) implements Expr {
    }

    enum LogicOp { AND, OR, XOR }

    record Logical(LogicOp op, List<Expr> terms, int start, int end) implements Expr {
    }

    record Not(Expr operand, int start, int end) implements Expr {
    }

    enum CompareOp { EQ, NE, LT, LE, GT, GE, CONTAINS, MATCHES, WILDCARD, STRICT_WILDCARD }

    record Comparison(Expr lhs, CompareOp op, Literal rhs, int opStart, int opEnd, int start, int end)
            implements Expr {
    }

    record InSet(Expr lhs, List<Literal> items, int start, int end) implements Expr {
    }

    record InList(Expr lhs, String ref, int refStart, int refEnd, int start, int end) implements Expr {
    }

    record Call(String name, List<Expr> args, int nameEnd, int start, int end) implements Expr {
    }

    record Path(String name, List<Accessor> accessors, int nameEnd, int start, int end) implements Expr {
    }

    /** A literal as written: STRING (decoded) or WORD (number, IP, CIDR, range, read by the checker). */
    record Literal(boolean quoted, String text, int start, int end) implements Expr {
    }

    sealed interface Accessor {
        int start();

        int end();
    }

    record Key(String key, int start, int end) implements Accessor {
    }

    record Index(int index, int start, int end) implements Accessor {
    }

    record Star(int start, int end) implements Accessor {
    }

    record Member(String name, int start, int end) implements Accessor {
    }
}
