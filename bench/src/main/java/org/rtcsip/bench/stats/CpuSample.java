package org.rtcsip.bench.stats;

/**
 * CPU time of the server, of this generator and of the whole machine at one instant; two samples give the
 * load between them. Ticks are clock ticks (USER_HZ, 100 on Linux x86).
 */
public record CpuSample(long wallNanos, long serverTicks, long generatorTicks, long allProcessTicks,
        long machineTotalTicks, long machineStealTicks) {

    /** The load between {@code this} (earlier) and {@code later}. */
    public CpuLoad until(CpuSample later, double ticksPerSecond) {
        double seconds = (later.wallNanos - wallNanos) / 1e9;
        double total = later.machineTotalTicks - machineTotalTicks;
        return new CpuLoad(seconds,
                cores(later.serverTicks, serverTicks, ticksPerSecond, seconds),
                cores(later.generatorTicks, generatorTicks, ticksPerSecond, seconds),
                others(later, ticksPerSecond, seconds),
                total <= 0 ? Double.NaN : (later.machineStealTicks - machineStealTicks) / total);
    }

    /** NaN when a process that exited in between took more time with it than the others added. */
    private double others(CpuSample later, double ticksPerSecond, double seconds) {
        if (allProcessTicks < 0 || later.allProcessTicks < 0) {
            return Double.NaN;
        }
        double c = cores(later.allProcessTicks - later.serverTicks - later.generatorTicks,
                allProcessTicks - serverTicks - generatorTicks, ticksPerSecond, seconds);
        return c < 0 ? Double.NaN : c;
    }

    private static double cores(long after, long before, double ticksPerSecond, double seconds) {
        if (after < 0 || before < 0 || seconds <= 0) {
            return Double.NaN;
        }
        return (after - before) / ticksPerSecond / seconds;
    }

    /**
     * Cores busy on average (1.0 = one core all the time) over {@code seconds}: the server, this generator, and
     * every other process together (the noise on a shared machine); steal (a hypervisor running someone else on
     * our virtual CPUs) as a fraction of all cores.
     */
    public record CpuLoad(double seconds, double serverCores, double generatorCores, double otherCores,
            double machineSteal) {
    }
}
