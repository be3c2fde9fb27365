package org.rtcsip.sidecar.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RoundTripTimeTest {
    @Test
    void computesTheExampleOfRfc3550Figure2() {
        // A = 46864.500 s (0xb710:8000), LSR = 46853.125 s (0xb705:2000), DLSR = 5.250 s (0x0005:4000):
        // delay = 0x0006:2000 = 6.125 s.
        assertEquals(0x0006_2000L, RoundTripTime.compactUnits(0xB710_8000L, 0xB705_2000L, 0x0005_4000L));
        assertEquals(6_125_000_000L, RoundTripTime.nanos(0xB710_8000L, 0xB705_2000L, 0x0005_4000L));
    }

    @Test
    void worksAcrossTheWrapOfTheCompactClock() {
        // SR sent 2 s before the 16-bit seconds wrap, report arrives 1 s after it, peer held it 0.5 s.
        long lsr = 0xFFFE_0000L;
        long arrival = 0x0001_0000L;
        assertEquals(2_500_000_000L, RoundTripTime.nanos(arrival, lsr, 0x0000_8000L));
    }

    @Test
    void isUnknownWithoutAnEchoedSenderReportOrWhenNegative() {
        assertEquals(RoundTripTime.UNKNOWN, RoundTripTime.compactUnits(0xB710_8000L, 0, 0));
        assertEquals(RoundTripTime.UNKNOWN, RoundTripTime.nanos(0xB705_2000L, 0xB705_2000L, 0x0000_0001L),
                "peer claims it held the SR longer than the round trip");
        assertEquals(0, RoundTripTime.compactUnits(0xB705_2000L, 0xB705_2000L, 0));
    }

    @Test
    void measuresAnEchoOfOurOwnSenderReportOnOneClock() {
        long sentUnixNanos = 1_700_000_000_123_456_789L;
        long lsr = NtpTimestamp.compact(NtpTimestamp.fromUnixNanos(sentUnixNanos));
        long heldNanos = 1_200_000_000L;
        long dlsr = NtpTimestamp.compactFromNanos(heldNanos);
        long arrival = NtpTimestamp.compact(NtpTimestamp.fromUnixNanos(sentUnixNanos + heldNanos + 80_000_000L));
        // Compact units are 1/65536 s (15.3 us): allow two units of truncation.
        assertEquals(80_000_000L, RoundTripTime.nanos(arrival, lsr, dlsr), 2 * 15_259);
    }
}
