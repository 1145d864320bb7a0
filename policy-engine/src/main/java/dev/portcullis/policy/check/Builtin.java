package dev.portcullis.policy.check;

import dev.portcullis.policy.FieldType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/** The functions of the language with their semantics (shared by both evaluators: they are the language). */
public enum Builtin {
    LOWER("lower", FieldType.BYTES),
    UPPER("upper", FieldType.BYTES),
    URL_DECODE("url_decode", FieldType.BYTES),
    LEN("len", FieldType.INT),
    CONCAT("concat", FieldType.BYTES),
    STARTS_WITH("starts_with", FieldType.BOOL),
    ENDS_WITH("ends_with", FieldType.BOOL);

    private final String spelling;
    private final FieldType result;

    Builtin(String spelling, FieldType result) {
        this.spelling = spelling;
        this.result = result;
    }

    public String spelling() {
        return spelling;
    }

    public FieldType result() {
        return result;
    }

    public static Builtin byName(String name) {
        for (Builtin b : values()) {
            if (b.spelling.equals(name)) {
                return b;
            }
        }
        return null;
    }

    /** Applies the function; null arguments mean absent and make the result absent. */
    public Object apply(Object[] args) {
        for (Object a : args) {
            if (a == null) {
                return null;
            }
        }
        return switch (this) {
            case LOWER -> ((String) args[0]).toLowerCase(Locale.ROOT);
            case UPPER -> ((String) args[0]).toUpperCase(Locale.ROOT);
            case URL_DECODE -> urlDecode((String) args[0]);
            case LEN -> (long) length(args[0]);
            case CONCAT -> {
                StringBuilder sb = new StringBuilder();
                for (Object a : args) {
                    sb.append((String) a);
                }
                yield sb.toString();
            }
            case STARTS_WITH -> ((String) args[0]).startsWith((String) args[1]);
            case ENDS_WITH -> ((String) args[0]).endsWith((String) args[1]);
        };
    }

    private static int length(Object v) {
        if (v instanceof String s) {
            return utf8Length(s);
        }
        if (v instanceof String[] a) {
            return a.length;
        }
        if (v instanceof long[] a) {
            return a.length;
        }
        return ((Map<?, ?>) v).size();
    }

    /** Bytes are strings here; len() still counts UTF-8 bytes as Wirefilter does. */
    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** Percent-decodes; malformed escapes stay as written, '+' stays '+', bytes are read as UTF-8. */
    static String urlDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi >= 0 && lo >= 0) {
                    out.write(hi * 16 + lo);
                    i += 2;
                    continue;
                }
            }
            byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
            if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
                b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                i++;
            }
            out.write(b, 0, b.length);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
