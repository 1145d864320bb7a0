package dev.portcullis.policy.parse;

/** One lexeme with its source span [start, end). For STRING the text is the decoded value. */
public record Token(Kind kind, String text, int start, int end) {
    public enum Kind { WORD, STRING, LIST, OP, LPAREN, RPAREN, LBRACE, RBRACE, LBRACKET, RBRACKET, COMMA, STAR, EOF }

    public boolean isWord(String w) {
        return kind == Kind.WORD && text.equals(w);
    }

    public boolean isOp(String o) {
        return kind == Kind.OP && text.equals(o);
    }

    /** How the token reads in an error message. */
    public String describe() {
        return switch (kind) {
            case EOF -> "end of expression";
            case STRING -> "string \"" + text + "\"";
            case LIST -> "list $" + text;
            default -> "'" + text + "'";
        };
    }
}
