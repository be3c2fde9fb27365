package org.rtcsip.sidecar.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Which collectors the warm-up's garbage is collected on: the concurrent ones, never a stop-the-world one. */
class WarmupGarbageTest {
    @Test
    void asksOnlyConcurrentCollectors() {
        // the MXBean names each JDK 17-25 collector registers
        assertEquals(Optional.of("ZGC"), WarmupGarbage.concurrentCollector(List.of("ZGC Cycles", "ZGC Pauses")));
        assertEquals(Optional.of("ZGC"), WarmupGarbage.concurrentCollector(
                List.of("ZGC Minor Cycles", "ZGC Minor Pauses", "ZGC Major Cycles", "ZGC Major Pauses")));
        assertEquals(Optional.of("Shenandoah"),
                WarmupGarbage.concurrentCollector(List.of("Shenandoah Pauses", "Shenandoah Cycles")));
        assertEquals(Optional.empty(), WarmupGarbage.concurrentCollector(
                List.of("G1 Young Generation", "G1 Concurrent GC", "G1 Old Generation")));
        assertEquals(Optional.empty(), WarmupGarbage.concurrentCollector(List.of("PS Scavenge", "PS MarkSweep")));
        assertEquals(Optional.empty(), WarmupGarbage.concurrentCollector(List.of("Copy", "MarkSweepCompact")));
    }

    @Test
    void saysWhatItDidOnThisJvm() {
        String said = WarmupGarbage.collect();
        boolean concurrent = WarmupGarbage.concurrentCollector(WarmupGarbage.collectorNames()).isPresent();
        assertTrue(concurrent ? said.startsWith("collected by ") : said.startsWith("not collected ("), said);
    }
}
