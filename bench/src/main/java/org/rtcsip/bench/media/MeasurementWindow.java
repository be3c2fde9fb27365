package org.rtcsip.bench.media;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One measurement interval [start, end) of send times, and the recorders the pacer and the receive loops fill
 * for it. A packet counts if it was sent inside the interval; it is lost if it has not arrived by the time the
 * window is sealed. Hand-over without locks on the packet path: after {@link #seal()} each thread acknowledges
 * once, at the top of its loop, after its last write; {@link #awaitAcknowledgements} then makes every write
 * visible to the reader.
 */
public final class MeasurementWindow {
    final long startNanos;
    final long endNanos;
    final SendRecorder sender = new SendRecorder();
    final ReceiveRecorder[] receivers;
    private final int parties;
    private final AtomicInteger acknowledgements = new AtomicInteger();
    private volatile boolean sealed;

    MeasurementWindow(long startNanos, long endNanos, int receiveLoops) {
        this.startNanos = startNanos;
        this.endNanos = endNanos;
        this.receivers = new ReceiveRecorder[receiveLoops];
        for (int i = 0; i < receiveLoops; i++) {
            receivers[i] = new ReceiveRecorder();
        }
        this.parties = receiveLoops + 1;
    }

    /** System.nanoTime() of the window's first send time. */
    public long startNanos() {
        return startNanos;
    }

    /** System.nanoTime() just past the window's last send time. */
    public long endNanos() {
        return endNanos;
    }

    boolean covers(long sendNanos) {
        return sendNanos >= startNanos && sendNanos < endNanos;
    }

    boolean isSealed() {
        return sealed;
    }

    void acknowledge() {
        acknowledgements.incrementAndGet();
    }

    void seal() {
        sealed = true;
    }

    /** Waits (bounded) until the pacer and every receive loop acknowledged the seal; false on timeout. */
    boolean awaitAcknowledgements(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (acknowledgements.get() < parties) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }
}
