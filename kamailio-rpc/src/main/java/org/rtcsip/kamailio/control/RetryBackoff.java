package org.rtcsip.kamailio.control;

import java.time.Duration;

/**
 * Waits between attempts at something that failed: {@code first}, doubling after each failure up
 * to {@code max}; {@link #reset()} after a success. No jitter: one sidecar makes one request per
 * wait, which a Kamailio coming back up absorbs easily.
 */
final class RetryBackoff {

    private final long firstMillis;
    private final long maxMillis;
    private long nextMillis;
    private int failures;

    RetryBackoff(Duration first, Duration max) {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < first <= max, got " + first + " and " + max);
        }
        this.firstMillis = first.toMillis();
        this.maxMillis = max.toMillis();
        this.nextMillis = firstMillis;
    }

    /** Counts a failure and returns how long to wait before the next attempt. */
    long failed() {
        failures++;
        long wait = nextMillis;
        nextMillis = Math.min(maxMillis, nextMillis * 2);
        return wait;
    }

    void reset() {
        failures = 0;
        nextMillis = firstMillis;
    }

    /** Failures since the last {@link #reset()}. */
    int failures() {
        return failures;
    }

    long maxMillis() {
        return maxMillis;
    }
}
