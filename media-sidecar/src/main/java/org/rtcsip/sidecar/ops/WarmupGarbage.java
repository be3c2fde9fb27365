package org.rtcsip.sidecar.ops;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Optional;

/**
 * The start-up warm-up's garbage, collected once when it ends. Its synthetic calls allocate fast enough that a
 * concurrent collector grows the heap to -Xmx (1 GB resident under ZGC), and then keeps it: the next cycle may be
 * minutes away, and ZGC gives memory back only some time after a cycle freed it ({@code -XX:ZUncommitDelay}). A
 * big resident set is not free on a shared host: held relay loads measured with 1.1 GB resident after the
 * warm-up had a median p99 of 2.69 ms at 95 calls, against 0.79 ms once the heap was given back (bench/README.md,
 * "A third look").
 * Only a concurrent collector (ZGC, Shenandoah) is asked: on a stop-the-world one, System.gc() would pause the
 * calls already flowing.
 */
final class WarmupGarbage {
    private WarmupGarbage() {
    }

    /** The concurrent collector this JVM runs, if it runs one. */
    static Optional<String> concurrentCollector(List<String> collectorNames) {
        for (String name : collectorNames) {
            if (name.startsWith("ZGC")) {
                return Optional.of("ZGC");
            }
            if (name.startsWith("Shenandoah")) {
                return Optional.of("Shenandoah");
            }
        }
        return Optional.empty();
    }

    /** Collects once on a concurrent collector; says what it did, for the start-up log. */
    static String collect() {
        List<String> names = collectorNames();
        Optional<String> collector = concurrentCollector(names);
        if (collector.isEmpty()) {
            return "not collected (" + String.join(", ", names) + " would pause the calls)";
        }
        if (explicitGcDisabled()) {
            return "not collected (-XX:+DisableExplicitGC)";
        }
        long committed = committedHeapMb();
        long start = System.nanoTime();
        System.gc(); // a concurrent cycle: pauses under a millisecond, this thread waits for it
        long millis = (System.nanoTime() - start) / 1_000_000;
        return "collected by " + collector.get() + " in " + millis + " ms, heap committed " + committed + " MB before"
                + " (given back after -XX:ZUncommitDelay on ZGC)";
    }

    /** This JVM's collectors, by their MXBean names. */
    static List<String> collectorNames() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName).toList();
    }

    private static boolean explicitGcDisabled() {
        try {
            HotSpotDiagnosticMXBean hotspot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return hotspot != null && Boolean.parseBoolean(hotspot.getVMOption("DisableExplicitGC").getValue());
        } catch (RuntimeException e) {
            return false; // not HotSpot: its System.gc() is asked, as on any JVM
        }
    }

    private static long committedHeapMb() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted() >> 20;
    }
}
