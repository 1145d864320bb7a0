package dev.portcullis.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portcullis.policy.gateway.GatewayScheme;
import dev.portcullis.policy.rules.Phase;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Malformed input of any kind must end in PolicyParseException (never another exception, never the internal-error
 * safety net), and whatever does compile must evaluate without throwing and agree with the reference.
 */
class ParserFuzzTest {
    private static final long SEED = 0x5EED_F022L;
    private static final String ALPHABET = "()[]{}*$\"#r\\.,:/-_=!<>~&|^ \n\t0123456789abcxyz.AZ";
    private static final String[] TOKENS = {"and", "or", "xor", "not", "in", "==", "!=", "~", "&&", "||", "^^",
        "any(", "all(", "lower(", "len(", ")", "(", "[*]", "[0]", "[\"x\"]", "{", "}", "$doms", "$nope",
        "strict", "wildcard", "contains", "matches", "\"", "r#\"", "\"#", "..", "/33", "::", "0x", "-",
        "http.request.host", "net.dst.port", "net.dst.ip", "http.request.domains", "identity.groups", ".name"};

    @Test
    void mutatedAndRandomInputsOnlyEverFailAsPolicyParseException() {
        Random r = new Random(SEED);
        RandomPolicy gen = new RandomPolicy(r);
        int compiled = 0;
        int rejected = 0;
        for (int i = 0; i < 6000; i++) {
            String src = switch (i % 4) {
                case 0, 1 -> mutate(gen.cond(2), r);
                case 2 -> tokens(r);
                default -> randomChars(r);
            };
            ExecutionContext ctx = gen.context();
            Boolean result = run(src, ctx, false);
            Boolean reference = run(src, ctx, true);
            assertEquals(result, reference, "seed " + SEED + " case " + i + ": " + src);
            if (result == null) {
                rejected++;
            } else {
                compiled++;
            }
        }
        assertTrue(compiled > 100 && rejected > 1000, "compiled " + compiled + ", rejected " + rejected);
    }

    @Test
    void deepNestingAndHugeInputsAreRejectedNotCrashed() {
        String deep = "(".repeat(100_000) + "net.dst.port == 1" + ")".repeat(100_000);
        assertEquals(null, run(deep, GatewayScheme.scheme().newContext(), false));
        String nots = "not ".repeat(50_000) + "net.dst.port == 1";
        assertEquals(null, run(nots, GatewayScheme.scheme().newContext(), false));
        String calls = "lower(".repeat(10_000) + "http.request.host" + ")".repeat(10_000) + " == \"a\"";
        assertEquals(null, run(calls, GatewayScheme.scheme().newContext(), false));
        String longOr = "net.dst.port == 1" + " or net.dst.port == 1".repeat(3_000);
        assertEquals(false, run(longOr, GatewayScheme.scheme().newContext(), false));
    }

    /** The result, or null when the input was rejected with a proper PolicyParseException. */
    private static Boolean run(String src, ExecutionContext ctx, boolean reference) {
        try {
            CompiledFilter f = reference
                    ? FilterCompiler.reference(GatewayScheme.scheme(), src, RandomPolicy.LISTS, Phase.HTTP,
                    ParserSettings.defaults())
                    : FilterCompiler.compile(GatewayScheme.scheme(), src, RandomPolicy.LISTS, Phase.HTTP,
                    ParserSettings.defaults());
            return f.execute(ctx);
        } catch (PolicyParseException e) {
            assertFalse(e.detail().startsWith("internal error"), () -> "seed " + SEED + ": " + e.render("") + "\n"
                    + src);
            assertTrue(e.startOffset() <= e.endOffset() && e.endOffset() <= src.length(), src);
            assertTrue(e.render("p").startsWith("p " + e.line() + ":" + e.column() + ": "));
            return null;
        }
    }

    private static String mutate(String s, Random r) {
        StringBuilder sb = new StringBuilder(s);
        int edits = 1 + r.nextInt(3);
        for (int k = 0; k < edits && sb.length() > 0; k++) {
            int at = r.nextInt(sb.length() + 1);
            switch (r.nextInt(5)) {
                case 0 -> sb.insert(at, ALPHABET.charAt(r.nextInt(ALPHABET.length())));
                case 1 -> {
                    if (at < sb.length()) {
                        sb.deleteCharAt(at);
                    }
                }
                case 2 -> {
                    if (at < sb.length()) {
                        sb.setCharAt(at, (char) r.nextInt(0x3000));
                    }
                }
                case 3 -> sb.setLength(at);
                default -> sb.insert(at, " " + TOKENS[r.nextInt(TOKENS.length)] + " ");
            }
        }
        return sb.toString();
    }

    private static String tokens(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + r.nextInt(12);
        for (int k = 0; k < n; k++) {
            sb.append(TOKENS[r.nextInt(TOKENS.length)]).append(r.nextBoolean() ? " " : "");
        }
        return sb.toString();
    }

    private static String randomChars(Random r) {
        int n = r.nextInt(40);
        char[] c = new char[n];
        for (int k = 0; k < n; k++) {
            c[k] = r.nextInt(4) == 0 ? (char) r.nextInt(0x10000) : ALPHABET.charAt(r.nextInt(ALPHABET.length()));
        }
        return new String(c);
    }
}
