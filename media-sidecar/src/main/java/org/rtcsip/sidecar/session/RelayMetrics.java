package org.rtcsip.sidecar.session;

import java.util.concurrent.atomic.LongAdder;

/**
 * Process-wide packet counters, written by every media loop and read by /metrics. LongAdder keeps the loops off
 * each other's cache lines.
 */
public final class RelayMetrics {
    private final LongAdder[] drops = new LongAdder[DropReason.values().length];
    public final LongAdder rtpPackets = new LongAdder();
    public final LongAdder rtpBytes = new LongAdder();
    public final LongAdder rtcpPackets = new LongAdder();
    public final LongAdder rtcpBytes = new LongAdder();
    public final LongAdder forwardedPackets = new LongAdder();
    public final LongAdder mediaTimeouts = new LongAdder();
    public final LongAdder transcodedFrames = new LongAdder();
    public final LongAdder concealedFrames = new LongAdder();
    public final LongAdder fecRecoveredFrames = new LongAdder();
    public final LongAdder dtmfEventPackets = new LongAdder();
    /** telephone-events that could not be passed on: the other side has no telephone-event. */
    public final LongAdder dtmfWithoutTelephoneEvent = new LongAdder();
    public final LongAdder rtcpReportsSent = new LongAdder();
    public final LongAdder dtlsHandshakes = new LongAdder();
    /** Failed DTLS handshakes by reason ({@code fingerprint_mismatch}, {@code timeout}...). */
    public final java.util.Map<String, LongAdder> dtlsFailures = new java.util.concurrent.ConcurrentHashMap<>();
    /** MOS estimates from RTCP reports on transcoded legs, as a sum (x1000) and a count, for an average. */
    public final LongAdder mosMilliSum = new LongAdder();
    public final LongAdder mosReports = new LongAdder();

    public RelayMetrics() {
        for (int i = 0; i < drops.length; i++) {
            drops[i] = new LongAdder();
        }
    }

    void dtlsFailed(String reason) {
        dtlsFailures.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    void recordMos(double mos) {
        mosMilliSum.add(Math.round(mos * 1000));
        mosReports.increment();
    }

    public void drop(DropReason reason) {
        drops[reason.ordinal()].increment();
    }

    public long drops(DropReason reason) {
        return drops[reason.ordinal()].sum();
    }
}
