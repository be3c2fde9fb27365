package org.rtcsip.sidecar.logging;

/**
 * At most one log line per interval for something that can repeat at packet or request rate (a hostile flood, a
 * bug hit by every packet, a host out of descriptors), counting the lines it held back so the next one can say
 * how many. The time is an argument. Thread-safe.
 */
public final class LogThrottle {
    private final long intervalNanos;
    private boolean logged;
    private long lastNanos;
    private long held;

    public LogThrottle(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /**
     * Returns -1 if this occurrence should not be logged; otherwise how many were held back since the last line
     * (0 for the first), which the caller should mention.
     */
    public synchronized long admit(long nowNanos) {
        if (logged && nowNanos - lastNanos < intervalNanos) {
            held++;
            return -1;
        }
        logged = true;
        lastNanos = nowNanos;
        long before = held;
        held = 0;
        return before;
    }

    /** {@code ""} or {@code " (N more like it since the last line)"}, to append to the line. */
    public static String suffix(long heldBack) {
        return heldBack <= 0 ? "" : " (" + heldBack + " more like it since the last line)";
    }
}
