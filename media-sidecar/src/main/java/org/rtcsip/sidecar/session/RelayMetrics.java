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

    public RelayMetrics() {
        for (int i = 0; i < drops.length; i++) {
            drops[i] = new LongAdder();
        }
    }

    public void drop(DropReason reason) {
        drops[reason.ordinal()].increment();
    }

    public long drops(DropReason reason) {
        return drops[reason.ordinal()].sum();
    }
}
