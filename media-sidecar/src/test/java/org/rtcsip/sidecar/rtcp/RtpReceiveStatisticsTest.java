package org.rtcsip.sidecar.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RtpReceiveStatisticsTest {
    private static final int PCMU_RATE = 8000;
    private static final int OPUS_RATE = 48000;
    private static final long PTIME_NANOS = 20_000_000L;
    private static final int SAMPLES_PER_PTIME_8K = 160;
    private static final int SSRC = 0x1234_5678;

    private final RtpReceiveStatistics stats = new RtpReceiveStatistics(SSRC);
    private final ReportBlockValues block = new ReportBlockValues();

    /** A packet of an 8 kHz stream sent every 20 ms, arriving with constant delay. */
    private SequenceVerdict receive(int seq, int packetIndex) {
        return stats.onPacket(seq, 1000L + (long) SAMPLES_PER_PTIME_8K * packetIndex, 160,
                5_000_000_000L + PTIME_NANOS * packetIndex, PCMU_RATE);
    }

    private SequenceVerdict receive(int seq) {
        return receive(seq, seq);
    }

    @Test
    void countsAnInOrderStreamAfterTheProbationPacket() {
        assertEquals(SequenceVerdict.PROBATION, receive(1000));
        for (int seq = 1001; seq < 2000; seq++) {
            assertEquals(SequenceVerdict.IN_ORDER, receive(seq));
        }
        assertEquals(999, stats.packets());
        assertEquals(999 * 160, stats.octets());
        assertEquals(1, stats.discarded());
        assertEquals(999, stats.expected());
        assertEquals(0, stats.cumulativeLost());
        assertEquals(1999, stats.extendedHighestSequence());
        assertTrue(stats.takeReportBlock(0, block));
        assertEquals(SSRC, block.ssrc);
        assertEquals(0, block.fractionLost);
        assertEquals(0, block.cumulativeLost);
        assertEquals(1999, block.extendedHighestSeq);
    }

    @Test
    void reportsLossCumulativelyAndAsAFractionOfEachInterval() {
        for (int seq = 0; seq <= 100; seq++) {
            if (seq < 50 || seq > 54) {
                receive(seq);
            }
        }
        // Counting starts at seq 1 (seq 0 was probation): expected 1..100 = 100, received 95.
        assertEquals(100, stats.expected());
        assertEquals(5, stats.cumulativeLost());
        assertTrue(stats.takeReportBlock(0, block));
        assertEquals(5 * 256 / 100, block.fractionLost);
        assertEquals(5, block.cumulativeLost);

        for (int seq = 101; seq <= 200; seq++) {
            receive(seq);
        }
        assertTrue(stats.takeReportBlock(0, block));
        assertEquals(0, block.fractionLost, "no loss in the second interval");
        assertEquals(5, block.cumulativeLost, "cumulative loss carries over");

        for (int seq = 201; seq <= 300; seq += 2) {
            receive(seq);
        }
        assertTrue(stats.takeReportBlock(0, block));
        // 201..299 odd: 50 received, highest 299, so 99 expected and 49 lost in this interval.
        assertEquals(49 * 256 / 99, block.fractionLost);
        assertEquals(5 + 49, block.cumulativeLost);
    }

    @Test
    void aReorderedPacketFillsItsGapAndIsNotLoss() {
        for (int seq : new int[] {1, 2, 3, 5}) {
            receive(seq);
        }
        assertEquals(1, stats.cumulativeLost(), "4 is missing for now");
        assertEquals(SequenceVerdict.REORDERED, receive(4));
        assertEquals(SequenceVerdict.IN_ORDER, receive(6));
        assertEquals(0, stats.cumulativeLost());
        assertEquals(1, stats.reordered());
        assertEquals(0, stats.duplicates());
        assertEquals(6, stats.extendedHighestSequence(), "a late packet does not lower the highest");
    }

    @Test
    void aLatePacketAfterAReportGivesNoNegativeFraction() {
        for (int seq : new int[] {1, 2, 3, 5}) {
            receive(seq);
        }
        stats.takeReportBlock(0, block);
        assertEquals((1 << 8) / 4, block.fractionLost);
        receive(4);
        assertTrue(stats.takeReportBlock(0, block));
        assertEquals(0, block.fractionLost, "more received than expected in the interval is reported as 0");
        assertEquals(0, block.cumulativeLost);
    }

    @Test
    void duplicatesAreCountedAndMakeLossNegativeAsRfc3550Says() {
        for (int seq : new int[] {1, 2, 3}) {
            receive(seq);
        }
        assertEquals(SequenceVerdict.DUPLICATE, receive(3), "duplicate of the highest");
        assertEquals(SequenceVerdict.IN_ORDER, receive(4));
        assertEquals(SequenceVerdict.DUPLICATE, receive(2), "duplicate of an older packet");
        assertEquals(2, stats.duplicates());
        assertEquals(0, stats.reordered());
        assertEquals(5, stats.packets());
        assertEquals(-2, stats.cumulativeLost());
        stats.takeReportBlock(0, block);
        assertEquals(-2, block.cumulativeLost);
    }

    @Test
    void wrapsPast65535IntoANewCycle() {
        int index = 0;
        for (int seq = 65530; seq <= 65535; seq++) {
            receive(seq, index++);
        }
        for (int seq = 0; seq <= 10; seq++) {
            assertEquals(SequenceVerdict.IN_ORDER, receive(seq, index++));
        }
        assertEquals(65536 + 10, stats.extendedHighestSequence());
        assertEquals(16, stats.expected(), "65531..65535 and 0..10");
        assertEquals(0, stats.cumulativeLost());
        stats.takeReportBlock(0, block);
        assertEquals(0x0001_000AL, block.extendedHighestSeq, "cycle count in the high 16 bits");
    }

    @Test
    void countsLossAcrossTheWrap() {
        receive(65532, 0);
        receive(65533, 1);
        receive(65534, 2);
        assertEquals(SequenceVerdict.IN_ORDER, receive(2, 6), "65535, 0 and 1 lost");
        assertEquals(65536 + 2, stats.extendedHighestSequence());
        assertEquals(3, stats.cumulativeLost());
    }

    @Test
    void probationAcceptsTheWrapFrom65535To0() {
        assertEquals(SequenceVerdict.PROBATION, receive(65535, 0));
        assertEquals(SequenceVerdict.IN_ORDER, receive(0, 1));
        assertEquals(1, stats.expected());
    }

    @Test
    void aPacketFromBeforeTheWrapIsReorderedNotAJump() {
        int index = 0;
        for (int seq : new int[] {65533, 65534, 65535, 1}) {
            receive(seq, index++);
        }
        assertEquals(SequenceVerdict.REORDERED, receive(0, index++));
        assertEquals(SequenceVerdict.DUPLICATE, receive(65535, index++));
        assertEquals(65536 + 1, stats.extendedHighestSequence());
        assertEquals(0, stats.restarts());
    }

    @Test
    void aBigJumpRestartsTheSequenceOnlyWhenTheNextPacketFollowsIt() {
        for (int seq = 100; seq <= 200; seq++) {
            receive(seq);
        }
        assertEquals(100, stats.expected());

        assertEquals(SequenceVerdict.JUMP_PENDING, receive(10_000));
        assertEquals(SequenceVerdict.IN_ORDER, receive(201), "a stray packet does not disturb the stream");
        assertEquals(0, stats.restarts());

        assertEquals(SequenceVerdict.JUMP_PENDING, receive(20_000));
        assertEquals(SequenceVerdict.RESTARTED, receive(20_001));
        assertEquals(SequenceVerdict.IN_ORDER, receive(20_002));
        assertEquals(1, stats.restarts());
        assertEquals(3, stats.discarded(), "the probation packet and the two jumps");
    }

    @Test
    void statisticsStartOverAfterARestart() {
        for (int seq = 100; seq <= 150; seq++) {
            if (seq % 3 != 0) {
                receive(seq);
            }
        }
        assertTrue(stats.cumulativeLost() > 0);
        receive(40_000);
        receive(40_001);
        receive(40_002);
        assertEquals(40_002, stats.extendedHighestSequence());
        assertEquals(2, stats.expected());
        assertEquals(0, stats.cumulativeLost());
    }

    @Test
    void aPacketLateByMoreThanMaxMisorderIsTreatedAsAJump() {
        for (int seq = 1; seq <= 300; seq++) {
            if (seq != 201 && seq != 150) {
                receive(seq);
            }
        }
        assertEquals(SequenceVerdict.REORDERED, receive(300 - 99), "99 behind: within MAX_MISORDER");
        assertEquals(SequenceVerdict.JUMP_PENDING, receive(300 - 150), "150 behind: RFC 3550 §A.1 cannot tell "
                + "it from a restart");
    }

    @Test
    void constantTransitMeansZeroJitter() {
        for (int seq = 0; seq < 500; seq++) {
            receive(seq);
        }
        assertEquals(0, stats.jitter());
        assertEquals(0.0, stats.jitterMillis());
    }

    @Test
    void constantTransitAcrossTheTimestampWrapMeansZeroJitter() {
        long timestamp = 0xFFFF_FFFFL - 5 * 960;
        for (int seq = 0; seq < 20; seq++) {
            stats.onPacket(seq, timestamp & 0xFFFF_FFFFL, 100, PTIME_NANOS * seq, OPUS_RATE);
            timestamp += 960;
        }
        assertEquals(0, stats.jitter());
    }

    @Test
    void jitterFollowsRfc3550A8ByHand() {
        // Every other packet is 20 ms (160 units at 8 kHz) late: |D| = 160 for each pair after the first.
        // Packet 0 is probation, packet 1 sets the first transit, then J = 0 + (160 - 0)/16 = 10,
        // then J = 10 + (160 - 10)/16 = 19.375.
        for (int i = 0; i < 4; i++) {
            stats.onPacket(i, 160L * i, 160, PTIME_NANOS * i + (i % 2 == 1 ? PTIME_NANOS : 0), PCMU_RATE);
            if (i == 2) {
                assertEquals(10, stats.jitter());
            }
        }
        assertEquals(19, stats.jitter());
        assertEquals(19.375 * 1000 / PCMU_RATE, stats.jitterMillis(), 1e-9);
    }

    @Test
    void alternatingTransitConvergesToTheAlternationAmplitude() {
        // 48 kHz stream, every other packet 7 ms late: |D| = 336 units each time, so J -> 336 (7 ms).
        int delayUnits = 336;
        int differences = 0;
        for (int i = 0; i < 400; i++) {
            long late = i % 2 == 1 ? 7_000_000L : 0;
            stats.onPacket(i, 960L * i, 100, PTIME_NANOS * i + late, OPUS_RATE);
            if (i >= 2) {
                differences++;
            }
        }
        double expected = delayUnits * (1 - Math.pow(15.0 / 16.0, differences));
        assertEquals((long) expected, stats.jitter());
        assertEquals(7.0, stats.jitterMillis(), 1e-6);
    }

    @Test
    void aSequenceRestartDoesNotTurnTheNewTimestampBaseIntoJitter() {
        for (int seq = 0; seq < 50; seq++) {
            receive(seq);
        }
        // Sender restarted: new sequence and a random new timestamp base, still arriving every 20 ms.
        for (int i = 0; i < 10; i++) {
            stats.onPacket(30_000 + i, 0x7000_0000L + 160L * i, 160, 5_000_000_000L + PTIME_NANOS * (50 + i),
                    PCMU_RATE);
        }
        assertEquals(1, stats.restarts());
        assertEquals(0, stats.jitter());
    }

    @Test
    void reportBlockCarriesLsrAndDelaySinceTheLastSenderReport() {
        receive(1);
        receive(2);
        stats.takeReportBlock(0, block);
        assertEquals(0, block.lastSenderReport, "no SR yet");
        assertEquals(0, block.delaySinceLastSenderReport);

        // RFC 3550 §6.4.1 Figure 2: the SR's NTP time has middle 32 bits 0xb705:2000, DLSR 5.25 s = 0x0005:4000.
        stats.onSenderReport(0xABCD_B705L, 0x2000_1234L, 10_000_000_000L);
        receive(3);
        stats.takeReportBlock(10_000_000_000L + 5_250_000_000L, block);
        assertEquals(0xB705_2000L, block.lastSenderReport);
        assertEquals(0x0005_4000L, block.delaySinceLastSenderReport);
    }

    @Test
    void takeReportBlockSaysWhetherTheSourceWasHeardSinceTheLastReport() {
        assertFalse(stats.takeReportBlock(0, block), "nothing counted yet");
        receive(1);
        assertFalse(stats.takeReportBlock(0, block), "probation only");
        receive(2);
        assertTrue(stats.takeReportBlock(0, block));
        assertFalse(stats.takeReportBlock(0, block), "nothing new");
    }

    @Test
    void countsPayloadOctetsOfAValidatedPacket() {
        byte[] p = java.util.HexFormat.of().parseHex("a0000001" + "00000002" + "00000003" + "aabbcc" + "00000004");
        p[3] = 1;
        assertEquals(SequenceVerdict.PROBATION, stats.onPacket(p, 0, p.length, 0, PCMU_RATE));
        p[3] = 2;
        assertEquals(SequenceVerdict.IN_ORDER, stats.onPacket(p, 0, p.length, PTIME_NANOS, PCMU_RATE));
        assertEquals(3, stats.octets(), "padding is not payload");
    }
}
