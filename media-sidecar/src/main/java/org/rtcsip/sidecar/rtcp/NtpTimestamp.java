package org.rtcsip.sidecar.rtcp;

/**
 * 64-bit NTP timestamps (seconds since 1900 in the high 32 bits, binary fraction in the low 32) and the
 * "compact" middle 32 bits (16.16 fixed point) that LSR, DLSR and RTT use (RFC 3550 §4, §6.4.1).
 */
public final class NtpTimestamp {
    /** Seconds from 1900-01-01 (NTP era 0) to 1970-01-01. */
    public static final long UNIX_EPOCH_IN_NTP_SECONDS = 2_208_988_800L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private NtpTimestamp() {
    }

    /** Wall-clock nanoseconds since 1970 (>= 0) to a 64-bit NTP timestamp; era wrap in 2036 is simply modular. */
    public static long fromUnixNanos(long unixNanos) {
        long seconds = unixNanos / NANOS_PER_SECOND + UNIX_EPOCH_IN_NTP_SECONDS;
        long fraction = ((unixNanos % NANOS_PER_SECOND) << 32) / NANOS_PER_SECOND;
        return (seconds << 32) | fraction;
    }

    public static long msw(long ntp) {
        return ntp >>> 32;
    }

    public static long lsw(long ntp) {
        return ntp & 0xFFFF_FFFFL;
    }

    /** RFC 3550 §6.4.1: the middle 32 bits, as carried in LSR. */
    public static long compact(long ntp) {
        return (ntp >>> 16) & 0xFFFF_FFFFL;
    }

    /** A non-negative duration in compact units (1/65536 s), as carried in DLSR; saturates at 2^32 - 1. */
    public static long compactFromNanos(long durationNanos) {
        if (durationNanos <= 0) {
            return 0;
        }
        long seconds = durationNanos / NANOS_PER_SECOND;
        if (seconds >= 0x10000) {
            return 0xFFFF_FFFFL;
        }
        long fraction = ((durationNanos % NANOS_PER_SECOND) << 16) / NANOS_PER_SECOND;
        return (seconds << 16) | fraction;
    }

    /** Compact units (1/65536 s) to nanoseconds. */
    public static long compactToNanos(long compact) {
        return (compact >>> 16) * NANOS_PER_SECOND + ((compact & 0xFFFF) * NANOS_PER_SECOND >>> 16);
    }
}
