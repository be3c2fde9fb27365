package org.rtcsip.bench.media;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The one sender thread: a timer wheel of 20 one-millisecond slots. Every call sits in one slot (its number
 * modulo 20, so load spreads evenly over the frame) and both its parties send one frame each time the wheel
 * passes it, i.e. every 20 ms. Membership changes copy the slot's array (control path only); the wheel reads
 * each slot once per tick through a volatile array reference.
 */
final class Pacer implements Runnable {
    static final int SLOTS = 20;
    private static final long TICK_NANOS = 1_000_000L;
    /** Falling further behind than this skips ticks instead of sending a burst to catch up. */
    private static final long MAX_BEHIND_NANOS = 2 * SLOTS * TICK_NANOS;

    private final AtomicReferenceArray<MediaLeg[]> slots = new AtomicReferenceArray<>(SLOTS);
    private volatile MeasurementWindow window;
    private volatile boolean running = true;
    private MeasurementWindow acknowledged;

    Pacer() {
        for (int i = 0; i < SLOTS; i++) {
            slots.set(i, new MediaLeg[0]);
        }
    }

    /** The slot a call number goes to. */
    static int slotOf(int callNumber) {
        return Math.floorMod(callNumber, SLOTS);
    }

    void add(int callNumber, MediaLeg... legs) {
        int s = slotOf(callNumber);
        MediaLeg[] old = slots.get(s);
        MediaLeg[] grown = Arrays.copyOf(old, old.length + legs.length);
        System.arraycopy(legs, 0, grown, old.length, legs.length);
        slots.set(s, grown);
    }

    void remove(int callNumber, MediaLeg... legs) {
        int s = slotOf(callNumber);
        MediaLeg[] kept = Arrays.stream(slots.get(s)).filter(l -> !Arrays.asList(legs).contains(l))
                .toArray(MediaLeg[]::new);
        slots.set(s, kept);
    }

    void setWindow(MeasurementWindow w) {
        window = w;
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        long tick = 0;
        while (running) {
            long due = start + tick * TICK_NANOS;
            long now = System.nanoTime();
            while (now < due) {
                LockSupport.parkNanos(due - now);
                now = System.nanoTime();
            }
            MeasurementWindow w = window;
            if (w != null && w.isSealed() && acknowledged != w) {
                acknowledged = w; // after this, nothing more is written into w
                w.acknowledge();
            }
            if (now - due > MAX_BEHIND_NANOS) {
                long skipTo = (now - start) / TICK_NANOS;
                if (w != null && !w.isSealed()) {
                    w.sender.skippedTicks += skipTo - tick;
                }
                tick = skipTo;
                due = start + tick * TICK_NANOS;
            }
            for (MediaLeg leg : slots.get((int) (tick % SLOTS))) {
                // read per packet: a slow tick may cross a window boundary
                w = window;
                leg.sendNext(due, w == null || w.isSealed() ? null : w.sender, w);
            }
            tick++;
        }
    }
}
