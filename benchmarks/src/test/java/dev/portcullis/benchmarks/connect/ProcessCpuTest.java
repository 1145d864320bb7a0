package dev.portcullis.benchmarks.connect;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcessCpuTest {
    @Test
    void addsUserAndSystemTicksEvenWhenTheCommandHoldsSpacesAndParens() {
        String line = "4242 (java (my) proxy) S 1 4242 4242 0 -1 4194560 5000 0 0 0 1234 567 0 0 20 0 30 0 100 "
                + "4000000000 30000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
        assertEquals(1234 + 567, ProcessCpu.parseTicks(line));
    }

    @Test
    void refusesALineThatIsNotAStatLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProcessCpu.parseTicks("4242 java S 1"));
        assertTrue(e.getMessage().contains("no ')'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ProcessCpu.parseTicks("4242 (java) S 1 2"));
    }

    @Test
    void readsThisProcess() {
        long pid = ProcessHandle.current().pid();
        long before = ProcessCpu.of(pid).nanos();
        long spin = 0;
        for (int i = 0; i < 50_000_000; i++) {
            spin += i ^ (spin >>> 3);
        }
        assertTrue(ProcessCpu.of(pid).nanos() >= before, "CPU time went backwards (spin " + spin + ")");
    }

    @Test
    void namesAMissingProcess() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProcessCpu.of(Long.MAX_VALUE));
        assertTrue(e.getMessage().startsWith("no process "), e.getMessage());
    }
}
