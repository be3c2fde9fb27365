package org.rtcsip.bench.run;

import java.util.Locale;
import org.rtcsip.bench.media.WindowResult;
import org.rtcsip.bench.stats.CpuSample.CpuLoad;

/** One load level held for one measurement window, with the CPU it cost. */
record StepResult(int calls, WindowResult media, CpuLoad cpu) {
    /** The pacer is the generator's canary: sending 2 ms late, or skipping ticks, means it is out of CPU. */
    static final long GENERATOR_LATE_NANOS = 2_000_000L;

    boolean passes() {
        return media.sent() > 0 && media.lossFraction() <= RunMode.MAX_LOSS
                && media.latency().percentile(0.99) <= RunMode.MAX_P99_NANOS;
    }

    /** Other processes took a fifth of a core or more: a failure here may be noise, not the server. */
    boolean noisy() {
        return cpu.otherCores() >= 0.2;
    }

    boolean generatorBehind() {
        return media.lateness().percentile(0.99) > GENERATOR_LATE_NANOS || media.skippedTicks() > 0;
    }

    /** Server cores per call, or NaN. */
    double callsPerCore() {
        return cpu.serverCores() > 0 ? calls / cpu.serverCores() : Double.NaN;
    }

    /** Server CPU seconds per minute of one call. */
    double cpuSecondsPerCallMinute() {
        return calls > 0 ? cpu.serverCores() * 60 / calls : Double.NaN;
    }

    /**
     * Server CPU per call per 20 ms, in microseconds: what one frame pair (one frame each way) of one call cost
     * the server, everything included (I/O, RTP, codec, timers).
     */
    double cpuMicrosPerFramePair() {
        return calls > 0 ? cpu.serverCores() * 1e6 * 0.020 / calls : Double.NaN;
    }

    String describe() {
        WindowResult m = media;
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "%5d calls: sent %7d recv %7d loss %6.3f%% | added latency p50 %6.3f p99 %6.3f max %7.3f ms"
                        + " | jitter %5.3f ms | server %4.2f cores, generator %4.2f, others %s, steal %2.0f%%"
                        + " | pacer late p99 %5.3f ms",
                calls, m.sent(), m.received(), 100 * m.lossFraction(), ms(m.latency().percentile(0.5)),
                ms(m.latency().percentile(0.99)), ms(m.latency().max()), ms(m.jitterMeanNanos()), cpu.serverCores(),
                cpu.generatorCores(),
                Double.isNaN(cpu.otherCores()) ? "?" : String.format(Locale.ROOT, "%4.2f", cpu.otherCores()),
                100 * cpu.machineSteal(),
                ms(m.lateness().percentile(0.99))));
        sb.append(passes() ? " | PASS" : " | FAIL");
        if (noisy()) {
            sb.append(" (noisy: other processes busy)");
        }
        if (generatorBehind()) {
            sb.append(" (generator behind: ").append(m.skippedTicks()).append(" ticks skipped)");
        }
        long odd = m.duplicates() + m.unmatched() + m.malformed() + m.srtpFailures() + m.sendFailures()
                + m.readErrors();
        if (odd > 0 || m.rtcp() > 0) {
            sb.append(String.format(Locale.ROOT, " [dup %d unmatched %d rtcp %d malformed %d srtp-fail %d"
                    + " send-fail %d read-err %d]", m.duplicates(), m.unmatched(), m.rtcp(), m.malformed(),
                    m.srtpFailures(), m.sendFailures(), m.readErrors()));
        }
        if (!m.sealedInTime()) {
            sb.append(" [a generator thread did not hand its counts over in time]");
        }
        return sb.toString();
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }
}
