package org.rtcsip.sidecar.net;

import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;
import java.util.Iterator;

/**
 * The even RTP ports of the configured range for one local address (RTCP takes RTP + 1). A released port rests
 * in quarantine for a while before it is handed out again, so a new call cannot inherit a previous peer's late
 * media. Round-robin, so consecutive calls get different ports. When every free port is in quarantine, the one
 * released longest ago is handed out rather than refusing the call: on a small range, calls set up and torn down
 * quickly would otherwise fail while ports sit idle (rtpengine reuses them too). Thread-safe; control path only.
 */
final class PortPool {
    private final int min;
    private final int max;
    private final long quarantineNanos;
    private final BitSet inUse = new BitSet();
    private final Deque<long[]> quarantine = new ArrayDeque<>();
    private final BitSet quarantined = new BitSet();
    private int cursor;
    private int pairsInUse;

    /** @param min first RTP port (made even), @param max last usable port (an RTCP port at most) */
    PortPool(int min, int max, long quarantineNanos) {
        this.min = (min + 1) & ~1;
        this.max = max;
        this.quarantineNanos = quarantineNanos;
        this.cursor = this.min;
    }

    /** What binding one port pair came to. */
    enum Bind {
        BOUND,
        /** Someone else holds the RTP or RTCP port: try another. */
        TAKEN,
        /** Binding cannot work on any port (address gone, no file descriptors): stop trying. */
        FAILED
    }

    interface Binder {
        Bind bind(int rtpPort);
    }

    /** {@link #acquire}: every port is in use, quarantined-and-taken or taken by someone else. */
    static final int NONE_FREE = -1;
    /** {@link #acquire}: the binder said {@link Bind#FAILED}. */
    static final int BIND_FAILED = -2;

    /**
     * Hands out an RTP port for which {@code binder} bound RTP and RTCP: a free port if there is one, else the port
     * quarantined longest ago; {@link #NONE_FREE} or {@link #BIND_FAILED} otherwise.
     */
    synchronized int acquire(long nowNanos, Binder binder) {
        releaseQuarantined(nowNanos);
        int pairs = (max - min + 1) / 2;
        for (int i = 0; i < pairs; i++) {
            int port = cursor;
            cursor += 2;
            if (cursor + 1 > max) {
                cursor = min;
            }
            int slot = (port - min) / 2;
            if (inUse.get(slot) || quarantined.get(slot)) {
                continue;
            }
            Bind outcome = binder.bind(port);
            if (outcome == Bind.BOUND) {
                inUse.set(slot);
                pairsInUse++;
                return port;
            }
            if (outcome == Bind.FAILED) {
                return BIND_FAILED;
            }
        }
        for (Iterator<long[]> it = quarantine.iterator(); it.hasNext(); ) {
            int slot = (int) it.next()[0];
            int port = min + 2 * slot;
            Bind outcome = binder.bind(port);
            if (outcome == Bind.BOUND) {
                it.remove();
                quarantined.clear(slot);
                inUse.set(slot);
                pairsInUse++;
                return port;
            }
            if (outcome == Bind.FAILED) {
                return BIND_FAILED;
            }
        }
        return NONE_FREE;
    }

    synchronized void release(int port, long nowNanos) {
        int slot = (port - min) / 2;
        if (!inUse.get(slot)) {
            return;
        }
        inUse.clear(slot);
        pairsInUse--;
        if (quarantineNanos > 0) {
            quarantined.set(slot);
            quarantine.addLast(new long[] {slot, nowNanos + quarantineNanos});
        }
    }

    synchronized int pairsInUse() {
        return pairsInUse;
    }

    synchronized int capacity() {
        return (max - min + 1) / 2;
    }

    private void releaseQuarantined(long nowNanos) {
        while (!quarantine.isEmpty() && nowNanos - quarantine.peekFirst()[1] >= 0) {
            quarantined.clear((int) quarantine.removeFirst()[0]);
        }
    }
}
