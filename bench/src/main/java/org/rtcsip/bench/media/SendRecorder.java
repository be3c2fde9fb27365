package org.rtcsip.bench.media;

import org.rtcsip.bench.stats.LatencyHistogram;

/** What the pacer did during one measurement window; written by the pacer only, read after the seal. */
final class SendRecorder {
    /** How late each packet left against its 20 ms schedule: the generator's own health. */
    final LatencyHistogram lateness = new LatencyHistogram();
    long sent;
    long sendFailures;
    long srtpFailures;
    /** Wheel ticks skipped because the pacer fell more than two frames behind (packets never sent). */
    long skippedTicks;
}
