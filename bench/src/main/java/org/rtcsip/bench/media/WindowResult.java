package org.rtcsip.bench.media;

import org.rtcsip.bench.stats.LatencyHistogram;

/**
 * One measurement window's totals over every call and both directions.
 *
 * @param latency send-to-receive time through the server of every packet sent in the window that arrived
 * @param lateness how late the pacer sent against its schedule (the generator's own health)
 * @param jitterMeanNanos RFC 3550 interarrival jitter computed from true send times, mean over receiving parties
 * @param callerPayloadMean mean payload bytes of what callers received since their call began (with
 *     transcoding: the server's Opus frames, so its encoder's bitrate is this times 400 bit/s)
 */
public record WindowResult(int calls, double seconds, long sent, long received, LatencyHistogram latency,
        LatencyHistogram lateness, long jitterMeanNanos, long jitterMaxNanos, long duplicates, long unmatched,
        long rtcp, long malformed, long srtpFailures, long sendFailures, long readErrors, long skippedTicks,
        boolean sealedInTime, double callerPayloadMean) {

    /** Lost packets as a fraction of those sent (0 when nothing was sent). */
    public double lossFraction() {
        return sent == 0 ? 0 : Math.max(0, sent - received) / (double) sent;
    }
}
