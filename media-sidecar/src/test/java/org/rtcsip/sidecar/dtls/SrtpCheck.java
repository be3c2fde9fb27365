package org.rtcsip.sidecar.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.rtcsip.sidecar.srtp.SrtpError;
import org.rtcsip.sidecar.srtp.SrtpTransform;

/** Proves two SRTP transforms share a key: what one protects, the other unprotects to the same bytes. */
final class SrtpCheck {
    private SrtpCheck() {
    }

    static void rtpAndRtcpPass(SrtpTransform sender, SrtpTransform receiver, int ssrc) {
        byte[] rtp = new byte[12 + 160 + 64];
        rtp[0] = (byte) 0x80;
        rtp[1] = 0; // PCMU
        rtp[3] = 7;
        rtp[8] = (byte) (ssrc >>> 24);
        rtp[9] = (byte) (ssrc >>> 16);
        rtp[10] = (byte) (ssrc >>> 8);
        rtp[11] = (byte) ssrc;
        for (int i = 12; i < 172; i++) {
            rtp[i] = (byte) i;
        }
        byte[] plain = Arrays.copyOf(rtp, 172);
        int protectedLength = sender.protectRtp(rtp, 0, 172);
        assertTrue(protectedLength > 172, "protect: " + SrtpError.label(protectedLength));
        assertTrue(!Arrays.equals(plain, 12, 172, rtp, 12, 172), "payload is encrypted");
        int length = receiver.unprotectRtp(rtp, 0, protectedLength);
        assertEquals(172, length, "unprotect: " + SrtpError.label(length));
        assertArrayEquals(plain, Arrays.copyOf(rtp, 172));

        byte[] rtcp = new byte[8 + 64];
        rtcp[0] = (byte) 0x80;
        rtcp[1] = (byte) 201; // RR, no report blocks
        rtcp[3] = 1;
        System.arraycopy(rtp, 8, rtcp, 4, 4);
        byte[] plainRtcp = Arrays.copyOf(rtcp, 8);
        int protectedRtcp = sender.protectRtcp(rtcp, 0, 8);
        assertTrue(protectedRtcp > 8, "protect RTCP: " + SrtpError.label(protectedRtcp));
        int rtcpLength = receiver.unprotectRtcp(rtcp, 0, protectedRtcp);
        assertEquals(8, rtcpLength, "unprotect RTCP: " + SrtpError.label(rtcpLength));
        assertArrayEquals(plainRtcp, Arrays.copyOf(rtcp, 8));
    }

    /** A packet protected under one key fails authentication under the other. */
    static void rtpIsRefused(SrtpTransform sender, SrtpTransform receiver) {
        byte[] rtp = new byte[12 + 20 + 64];
        rtp[0] = (byte) 0x80;
        rtp[11] = 9;
        int protectedLength = sender.protectRtp(rtp, 0, 32);
        assertTrue(protectedLength > 32);
        assertTrue(receiver.unprotectRtp(rtp, 0, protectedLength) < 0, "must not authenticate");
    }
}
