package org.rtcsip.sidecar.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NtpTimestampTest {
    @Test
    void unixEpochIsNtpSecond2208988800() {
        long ntp = NtpTimestamp.fromUnixNanos(0);
        assertEquals(2_208_988_800L, NtpTimestamp.msw(ntp));
        assertEquals(0, NtpTimestamp.lsw(ntp));
    }

    @Test
    void fractionIsBinary() {
        long ntp = NtpTimestamp.fromUnixNanos(1_500_000_000L);
        assertEquals(2_208_988_801L, NtpTimestamp.msw(ntp));
        assertEquals(0x8000_0000L, NtpTimestamp.lsw(ntp));
        assertEquals(0x4000_0000L, NtpTimestamp.lsw(NtpTimestamp.fromUnixNanos(250_000_000L)));
    }

    @Test
    void compactIsTheMiddle32Bits() {
        assertEquals(0xB715_E45BL, NtpTimestamp.compact(0xE020_B715_E45B_8DC5L));
    }

    @Test
    void durationsConvertToCompactUnitsAndBack() {
        assertEquals(0x0005_4000L, NtpTimestamp.compactFromNanos(5_250_000_000L));
        assertEquals(5_250_000_000L, NtpTimestamp.compactToNanos(0x0005_4000L));
        assertEquals(0, NtpTimestamp.compactFromNanos(-5));
        assertEquals(0xFFFF_FFFFL, NtpTimestamp.compactFromNanos(70_000L * 1_000_000_000L), "saturates");
        assertEquals(65_535, NtpTimestamp.compactFromNanos(999_999_999L), "truncates below one unit");
    }
}
