package org.rtcsip.bench.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcFilesTest {

    @Test
    void addsUserAndSystemTicksCountingFieldsFromTheLastParenthesis() {
        // a command name with a space and a ')' inside, as a thread may name itself
        String stat = "4242 (media loop) 1) S 1 4242 4242 0 -1 4194560 2000 0 0 0 1234 567 0 0 20 0 30 0 100"
                + " 123456789 3000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";
        assertEquals(1234 + 567, ProcFiles.parseCpuTicks(stat));
    }

    @Test
    void refusesTextThatIsNotAStatLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProcFiles.parseCpuTicks("VmRSS: 12 kB"));
        assertTrue(e.getMessage().contains("no ')'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ProcFiles.parseCpuTicks("1 (x) S 1 2"));
    }

    @Test
    void readsKibibyteFieldsOfStatusAndSmapsRollup() {
        String status = "Name:\trtpengine\nVmPeak:\t  900000 kB\nVmRSS:\t   12345 kB\nThreads:\t9\n";
        assertEquals(12345, ProcFiles.parseKibField(status, "VmRSS"));
        assertEquals(-1, ProcFiles.parseKibField(status, "VmSwap"));
        String rollup = "55d0-7ffd ---p 00000000 00:00 0 [rollup]\nRss:  2004 kB\nPss:  521 kB\nPss_Dirty: 152 kB\n";
        assertEquals(521, ProcFiles.parseKibField(rollup, "Pss"));
    }

    @Test
    void machineBusyLeavesOutIdleAndIowaitAndReportsStealApart() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        long[] t = ProcFiles.parseMachineTicks("cpu  100 5 50 800 20 1 4 10 7 0\ncpu0 1 2 3 4 5 6 7 8 9 0\n");
        assertEquals(100 + 5 + 50 + 1 + 4 + 10, t[0]);
        assertEquals(100 + 5 + 50 + 800 + 20 + 1 + 4 + 10, t[1]);
        assertEquals(10, t[2]);
        assertThrows(IllegalArgumentException.class, () -> ProcFiles.parseMachineTicks("cpu0 1 2 3 4\n"));
    }

    @Test
    void readsThisProcessFromProc() {
        long pid = ProcessHandle.current().pid();
        assertTrue(ProcFiles.cpuTicks(pid) >= 0);
        assertTrue(ProcFiles.rssKib(pid) > 1024, "a JVM holds more than 1 MiB");
        assertEquals(-1, ProcFiles.cpuTicks(Integer.MAX_VALUE), "no such process");
        assertTrue(ProcFiles.allProcessesCpuTicks() >= ProcFiles.cpuTicks(pid), "all processes include this one");
        long[] machine = ProcFiles.machineTicks();
        assertTrue(machine[1] > 0 && machine[0] <= machine[1]);
    }

    @Test
    void loadBetweenTwoSamplesIsInCoresAndFractions() {
        CpuSample a = new CpuSample(0, 100, 50, 1000, 4000, 0);
        CpuSample b = new CpuSample(2_000_000_000L, 250, 90, 1300, 4400, 20);
        CpuSample.CpuLoad load = a.until(b, 100);
        assertEquals(0.75, load.serverCores(), 1e-9); // 150 ticks over 2 s at 100 Hz
        assertEquals(0.2, load.generatorCores(), 1e-9);
        assertEquals(0.55, load.otherCores(), 1e-9); // all processes: 300 ticks, of which 190 are ours
        assertEquals(0.05, load.machineSteal(), 1e-9);
        assertTrue(Double.isNaN(new CpuSample(0, -1, 0, 0, 0, 0).until(b, 100).serverCores()),
                "a process that was not there has no load");
        CpuSample afterAnExit = new CpuSample(2_000_000_000L, 250, 90, 900, 4400, 20);
        assertTrue(Double.isNaN(a.until(afterAnExit, 100).otherCores()),
                "a process that exited took its time with it: unknown, not negative");
    }
}
