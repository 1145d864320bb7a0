package dev.portcullis.policy.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.re2j.Pattern;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RegexLiteralsTest {
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "^/admin/[0-9]+/x;/admin/",
        "example\\.com$;example.com",
        "abcd?e;abc",
        "abcd*;abc",
        "(optional)?tail;tail",
        "abcdef{0,3};abcde",
        "[abc]+xyz;xyz",
        "a|bcdef;",
        "(?i)abcdef;",
        "\\d+abcd;",
        "[[:alpha:]]abcd;",
        "abc.def;abc|def",
    })
    void extractsOnlyLiteralsEveryMatchContains(String regex, String expected) {
        List<String> want = expected == null ? List.of() : List.of(expected.split("\\|"));
        assertEquals(want, RegexLiterals.required(regex), regex);
    }

    @Test
    void literalsNeverRejectARealMatch() {
        long seed = 77;
        Random r = new Random(seed);
        String atoms = "ab.\\.*+?()[]{}^$x/";
        int checked = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder re = new StringBuilder();
            for (int k = r.nextInt(10); k >= 0; k--) {
                re.append(atoms.charAt(r.nextInt(atoms.length())));
            }
            Pattern p;
            try {
                p = Pattern.compile(re.toString());
            } catch (RuntimeException e) {
                continue;
            }
            List<String> lits = RegexLiterals.required(re.toString());
            for (int t = 0; t < 10; t++) {
                StringBuilder text = new StringBuilder();
                for (int k = r.nextInt(12); k >= 0; k--) {
                    text.append("ab.x/{}"
                            .charAt(r.nextInt(7)));
                }
                if (p.matcher(text).find()) {
                    checked++;
                    for (String l : lits) {
                        assertTrue(text.toString().contains(l), "seed " + seed + ": /" + re + "/ matched '" + text
                                + "' without literal '" + l + "'");
                    }
                }
            }
        }
        assertTrue(checked > 1000, "matches checked: " + checked);
    }
}
