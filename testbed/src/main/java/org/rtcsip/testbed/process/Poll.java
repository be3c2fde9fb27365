package org.rtcsip.testbed.process;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The polling of readiness probes and waits for a state: bounded in time, an interrupt ends the test. */
public final class Poll {
    private static final long INTERVAL_MILLIS = 100;

    private Poll() {
    }

    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Returns once {@code condition} holds (asked every 100 ms); fails the test after {@code timeout} with
     * {@code what} and the {@code diagnostics} of that moment (log tails).
     */
    public static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            pause(INTERVAL_MILLIS);
        }
        fail("not within " + timeout.toSeconds() + " s: " + what + diagnostics.get());
    }

    /**
     * Returns how many ms {@code condition} took to hold, asked every 5 ms (for waits that are measured themselves:
     * a reconnect, a clean-up); fails the test with {@code what} after {@code timeout}.
     */
    public static long millisUntil(String what, Duration timeout, BooleanSupplier condition) {
        long start = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - start >= timeout.toNanos()) {
                fail("not within " + timeout.toMillis() + " ms: " + what);
            }
            pause(5);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
