package org.rtcsip.sidecar.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.rtcsip.sidecar.rtp.SequenceEpoch.Step;

class SequenceEpochTest {
    private static final int SSRC = 0x1234;

    @Test
    void firstPacketIsANewSourceAndTheRunContinuesWithGaps() {
        SequenceEpoch e = new SequenceEpoch(50, 5);
        assertEquals(Step.NEW_SOURCE, e.next(SSRC, 100));
        assertEquals(Step.NEXT, e.next(SSRC, 101));
        assertEquals(0, e.gap());
        assertEquals(Step.NEXT, e.next(SSRC, 104));
        assertEquals(2, e.gap());
        assertEquals(Step.NEXT, e.next(SSRC, 155), "51 ahead = a gap of 50, still loss");
        assertEquals(50, e.gap());
    }

    @Test
    void wrapsPast65535() {
        SequenceEpoch e = new SequenceEpoch(50, 5);
        e.next(SSRC, 65534);
        assertEquals(Step.NEXT, e.next(SSRC, 65535));
        assertEquals(Step.NEXT, e.next(SSRC, 0));
        assertEquals(Step.NEXT, e.next(SSRC, 2));
        assertEquals(1, e.gap());
    }

    @Test
    void duplicatesAndReorderedPacketsAreLate() {
        SequenceEpoch e = new SequenceEpoch(50, 5);
        e.next(SSRC, 10);
        e.next(SSRC, 12);
        assertEquals(Step.LATE, e.next(SSRC, 12), "duplicate");
        assertEquals(Step.LATE, e.next(SSRC, 11), "reordered");
        assertEquals(Step.LATE, e.next(SSRC, 7));
        assertEquals(Step.NEXT, e.next(SSRC, 13));
    }

    @Test
    void aSingleStrayJumpCostsOnlyThatPacket() {
        for (int jump : new int[] {100, 1000, 30000, -100, -1000, 40000}) {
            SequenceEpoch e = new SequenceEpoch(50, 5);
            e.next(SSRC, 5000);
            assertEquals(Step.HELD, e.next(SSRC, (5000 + jump) & 0xFFFF), "jump " + jump);
            for (int s = 5001; s < 5200; s++) {
                assertEquals(Step.NEXT, e.next(SSRC, s), "jump " + jump + ", packet " + s);
            }
        }
    }

    @Test
    void aRestartedNumberingIsFollowedFromItsSecondPacket() {
        SequenceEpoch e = new SequenceEpoch(50, 5);
        e.next(SSRC, 5000);
        assertEquals(Step.HELD, e.next(SSRC, 35001));
        assertEquals(Step.RESTART, e.next(SSRC, 35002));
        assertEquals(Step.NEXT, e.next(SSRC, 35003));
        assertEquals(Step.LATE, e.next(SSRC, 35001), "the held packet, if repeated, is now late");
        assertEquals(Step.HELD, e.next(SSRC, 5001), "the old numbering is a jump of its own now");
    }

    @Test
    void aHeldPacketFollowedByAnotherStrayStaysHeld() {
        SequenceEpoch e = new SequenceEpoch(50, 5);
        e.next(SSRC, 5000);
        assertEquals(Step.HELD, e.next(SSRC, 20000));
        assertEquals(Step.HELD, e.next(SSRC, 40000));
        assertEquals(Step.NEXT, e.next(SSRC, 5001));
        assertEquals(Step.NEXT, e.next(SSRC, 5002), "a confirmed run clears the hold");
        assertEquals(Step.HELD, e.next(SSRC, 40001), "40000 no longer pending");
    }

    @Test
    void anotherSsrcIsANewSourceAtOnceAndSoIsTheOldOneComingBack() {
        SequenceEpoch e = new SequenceEpoch(50, 5);
        e.next(SSRC, 5000);
        assertEquals(Step.NEW_SOURCE, e.next(SSRC + 1, 60000));
        assertEquals(Step.NEXT, e.next(SSRC + 1, 60001));
        assertEquals(Step.NEW_SOURCE, e.next(SSRC, 5001));
        assertEquals(Step.NEXT, e.next(SSRC, 5002));
    }

    @Test
    void resetMakesTheNextPacketANewSource() {
        SequenceEpoch e = new SequenceEpoch(50, 5);
        e.next(SSRC, 1);
        e.reset();
        assertEquals(Step.NEW_SOURCE, e.next(SSRC, 9000));
    }

    @Test
    void refusesWindowsThatOverlapHalfTheNumberSpace() {
        assertThrows(IllegalArgumentException.class, () -> new SequenceEpoch(0x7000, 0x1000));
        assertThrows(IllegalArgumentException.class, () -> new SequenceEpoch(-1, 5));
    }
}
