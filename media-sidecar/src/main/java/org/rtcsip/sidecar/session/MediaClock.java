package org.rtcsip.sidecar.session;

import java.util.function.LongSupplier;

/**
 * Wall-clock time for the loop's monotonic {@code now}: RTCP carries NTP time (RFC 3550 §4), the packet path only
 * has nanoTime. The offset is taken once, at the first use, from the injected wall clock.
 */
final class MediaClock {
    private final LongSupplier epochMillis;
    private long offsetNanos;
    private boolean known;

    MediaClock(LongSupplier epochMillis) {
        this.epochMillis = epochMillis;
    }

    long unixNanos(long nowNanos) {
        if (!known) {
            offsetNanos = epochMillis.getAsLong() * 1_000_000L - nowNanos;
            known = true;
        }
        return nowNanos + offsetNanos;
    }
}
