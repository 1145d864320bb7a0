package dev.portcullis.policy.parse;

import dev.portcullis.policy.PolicyParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an expression into tokens. Field names, numbers, IPs, CIDRs and ranges are all one WORD kind
 * ({@code [A-Za-z0-9_.:/-]+}); the type checker reads a WORD according to the type it is compared with, the
 * way Wirefilter lexes a right-hand side by the field's type.
 */
public final class Lexer {
    private final String src;
    private int pos;

    private Lexer(String src) {
        this.src = src;
    }

    public static List<Token> tokenize(String src) throws PolicyParseException {
        return new Lexer(src).run();
    }

    static boolean isWordChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '_' || c == '.' || c == ':' || c == '/' || c == '-';
    }

    private List<Token> run() throws PolicyParseException {
        List<Token> out = new ArrayList<>();
        int n = src.length();
        while (true) {
            while (pos < n && (src.charAt(pos) == ' ' || src.charAt(pos) == '\t' || src.charAt(pos) == '\n'
                    || src.charAt(pos) == '\r')) {
                pos++;
            }
            if (pos >= n) {
                out.add(new Token(Token.Kind.EOF, "", n, n));
                return out;
            }
            int start = pos;
            char c = src.charAt(pos);
            if (c == 'r' && pos + 1 < n && (src.charAt(pos + 1) == '"' || src.charAt(pos + 1) == '#')) {
                out.add(rawString());
            } else if (isWordChar(c)) {
                while (pos < n && isWordChar(src.charAt(pos))) {
                    pos++;
                }
                out.add(new Token(Token.Kind.WORD, src.substring(start, pos), start, pos));
            } else if (c == '"') {
                out.add(string());
            } else if (c == '$') {
                pos++;
                while (pos < n && (Character.isLetterOrDigit(src.charAt(pos)) && src.charAt(pos) < 128
                        || src.charAt(pos) == '_' || src.charAt(pos) == '-')) {
                    pos++;
                }
                if (pos == start + 1) {
                    throw new PolicyParseException(src, start, start + 1, "expected a list name after '$'");
                }
                out.add(new Token(Token.Kind.LIST, src.substring(start + 1, pos), start, pos));
            } else {
                out.add(punct(c, start));
            }
        }
    }

    private Token punct(char c, int start) throws PolicyParseException {
        String two = pos + 1 < src.length() ? src.substring(pos, pos + 2) : "";
        switch (two) {
            case "==", "!=", "<=", ">=", "&&", "||", "^^" -> {
                pos += 2;
                return new Token(Token.Kind.OP, two, start, pos);
            }
            default -> {
            }
        }
        pos++;
        return switch (c) {
            case '<', '>', '~', '!' -> new Token(Token.Kind.OP, String.valueOf(c), start, pos);
            case '(' -> new Token(Token.Kind.LPAREN, "(", start, pos);
            case ')' -> new Token(Token.Kind.RPAREN, ")", start, pos);
            case '{' -> new Token(Token.Kind.LBRACE, "{", start, pos);
            case '}' -> new Token(Token.Kind.RBRACE, "}", start, pos);
            case '[' -> new Token(Token.Kind.LBRACKET, "[", start, pos);
            case ']' -> new Token(Token.Kind.RBRACKET, "]", start, pos);
            case ',' -> new Token(Token.Kind.COMMA, ",", start, pos);
            case '*' -> new Token(Token.Kind.STAR, "*", start, pos);
            case '=' -> throw new PolicyParseException(src, start, pos, "unexpected '='; use '==' to compare");
            case '&' -> throw new PolicyParseException(src, start, pos, "unexpected '&'; use '&&' or 'and'");
            case '|' -> throw new PolicyParseException(src, start, pos, "unexpected '|'; use '||' or 'or'");
            case '\'' -> throw new PolicyParseException(src, start, pos,
                    "strings use double quotes: \"...\"");
            default -> throw new PolicyParseException(src, start, pos, "unexpected character '" + printable(c) + "'");
        };
    }

    private Token string() throws PolicyParseException {
        int start = pos;
        pos++;
        StringBuilder sb = new StringBuilder();
        int n = src.length();
        while (pos < n) {
            char c = src.charAt(pos);
            if (c == '"') {
                pos++;
                return new Token(Token.Kind.STRING, sb.toString(), start, pos);
            }
            if (c == '\\') {
                if (pos + 1 >= n) {
                    break;
                }
                char e = src.charAt(pos + 1);
                switch (e) {
                    case '"', '\\' -> sb.append(e);
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'x' -> {
                        int hi = pos + 2 < n ? Character.digit(src.charAt(pos + 2), 16) : -1;
                        int lo = pos + 3 < n ? Character.digit(src.charAt(pos + 3), 16) : -1;
                        if (hi < 0 || lo < 0) {
                            throw new PolicyParseException(src, pos, Math.min(n, pos + 4),
                                    "'\\x' must be followed by two hex digits");
                        }
                        sb.append((char) (hi * 16 + lo));
                        pos += 2;
                    }
                    default -> throw new PolicyParseException(src, pos, pos + 2, "unknown escape '\\" + printable(e)
                            + "' in string; write '\\\\" + printable(e) + "' or use a raw string r\"...\"");
                }
                pos += 2;
                continue;
            }
            sb.append(c);
            pos++;
        }
        throw new PolicyParseException(src, start, n, "unterminated string: missing closing '\"'");
    }

    private Token rawString() throws PolicyParseException {
        int start = pos;
        pos++;
        int hashes = 0;
        while (pos < src.length() && src.charAt(pos) == '#') {
            hashes++;
            pos++;
        }
        if (pos >= src.length() || src.charAt(pos) != '"') {
            throw new PolicyParseException(src, start, pos, "raw string must start with r\"" + " or r#\"");
        }
        pos++;
        String close = "\"" + "#".repeat(hashes);
        int end = src.indexOf(close, pos);
        if (end < 0) {
            throw new PolicyParseException(src, start, src.length(), "unterminated raw string: missing " + close);
        }
        String text = src.substring(pos, end);
        pos = end + close.length();
        return new Token(Token.Kind.STRING, text, start, pos);
    }

    private static String printable(char c) {
        return c < 32 || c == 127 ? String.format("\\x%02x", (int) c) : String.valueOf(c);
    }
}
