package org.rtcsip.testbed.process;

/** Pauses of the polling loops (readiness probes, waits for a log line): an interrupt ends the test. */
public final class Sleep {

    private Sleep() {
    }

    public static void millis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
