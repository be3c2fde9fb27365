package org.rtcsip.sidecar.rtcp;

/**
 * Round-trip time from a report block that echoes one of our SRs (RFC 3550 §6.4.1, Figure 2):
 * RTT = A - LSR - DLSR, all in compact NTP units (1/65536 s) and modulo 2^32, A being the compact NTP time
 * at which the report block arrived, on the same clock that stamped our SR.
 */
public final class RoundTripTime {
    /** No RTT: the peer had no SR of ours to echo (LSR = 0), or the result is negative (clock or peer fault). */
    public static final long UNKNOWN = -1;

    private RoundTripTime() {
    }

    /** RTT in 1/65536 s, or {@link #UNKNOWN}. Arguments are unsigned 32-bit values in {@code long}s. */
    public static long compactUnits(long arrivalCompact, long lastSenderReport, long delaySinceLastSenderReport) {
        if (lastSenderReport == 0) {
            return UNKNOWN;
        }
        long rtt = (arrivalCompact - lastSenderReport - delaySinceLastSenderReport) & 0xFFFF_FFFFL;
        // Modular arithmetic: a "negative" RTT shows up as a value in the upper half of the 32-bit range.
        return rtt >= 0x8000_0000L ? UNKNOWN : rtt;
    }

    /** RTT in nanoseconds, or {@link #UNKNOWN}. */
    public static long nanos(long arrivalCompact, long lastSenderReport, long delaySinceLastSenderReport) {
        long rtt = compactUnits(arrivalCompact, lastSenderReport, delaySinceLastSenderReport);
        return rtt == UNKNOWN ? UNKNOWN : NtpTimestamp.compactToNanos(rtt);
    }
}
