package org.rtcsip.sidecar.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OutgoingSequenceTest {
    private static final int SSRC = 77;

    @Test
    void keepsTheSendersNumbersGapsAndReorderingWhileItDoesNotJump() {
        OutgoingSequence s = new OutgoingSequence();
        assertEquals(1000, s.next(SSRC, 1000));
        assertEquals(1001, s.next(SSRC, 1001));
        assertEquals(1005, s.next(SSRC, 1005), "a gap passes on");
        assertEquals(1003, s.next(SSRC, 1003), "a late packet keeps its place");
        assertEquals(1005, s.next(SSRC, 1005), "a duplicate stays a duplicate");
        assertEquals(1006, s.next(SSRC, 1006));
    }

    @Test
    void aStrayJumpAndTheRunAfterItContinueFromTheLastNumberSent() {
        for (int jump : new int[] {100, 1000, 30000, -100, -30000}) {
            OutgoingSequence s = new OutgoingSequence();
            s.next(SSRC, 5000);
            assertEquals(5001, s.next(SSRC, (5000 + jump) & 0xFFFF), "jump " + jump);
            assertEquals(5002, s.next(SSRC, 5001), "back on the old run, jump " + jump);
            assertEquals(5003, s.next(SSRC, 5002));
        }
    }

    @Test
    void aRestartedNumberingGoesOnFromWhereWeWere() {
        OutgoingSequence s = new OutgoingSequence();
        s.next(SSRC, 65000);
        s.next(SSRC, 65001);
        assertEquals(65002, s.next(SSRC, 10));
        assertEquals(65003, s.next(SSRC, 11));
        assertEquals(65010, s.next(SSRC, 18), "gaps in the new run pass on");
    }

    @Test
    void wrapsLikeTheSender() {
        OutgoingSequence s = new OutgoingSequence();
        s.next(SSRC, 65535);
        assertEquals(0, s.next(SSRC, 0));
        assertEquals(1, s.next(SSRC, 1));
    }

    @Test
    void eachSsrcHasItsOwnNumbering() {
        OutgoingSequence s = new OutgoingSequence();
        s.next(1, 100);
        assertEquals(101, s.next(1, 40000));
        assertEquals(7, s.next(2, 7), "a new SSRC starts with its own numbers");
        assertEquals(8, s.next(2, 8));
        assertEquals(102, s.next(1, 40001), "SSRC 1 keeps its offset");
    }

    @Test
    void rewritesThePacketInPlace() {
        byte[] p = new byte[12];
        p[0] = (byte) 0x80;
        RtpHeader.setSsrc(p, 0, SSRC);
        RtpHeader.setSequenceNumber(p, 0, 400);
        OutgoingSequence s = new OutgoingSequence();
        s.rewrite(p, 0, p.length);
        RtpHeader.setSequenceNumber(p, 0, 9000);
        s.rewrite(p, 0, p.length);
        assertEquals(401, RtpHeader.sequenceNumber(p, 0, p.length));
    }
}
