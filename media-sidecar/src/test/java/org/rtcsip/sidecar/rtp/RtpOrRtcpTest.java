package org.rtcsip.sidecar.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RtpOrRtcpTest {
    @Test
    void firstByteSeparatesStunDtlsAndMedia() {
        // RFC 5389 binding request, DTLS handshake record (content type 22), RTP PCMU.
        assertEquals(PacketKind.STUN, classify(0x00, 0x01));
        assertEquals(PacketKind.STUN, classify(0x03, 0x00));
        assertEquals(PacketKind.DTLS, classify(22, 0xfe));
        assertEquals(PacketKind.DTLS, classify(20, 0));
        assertEquals(PacketKind.DTLS, classify(63, 0));
        assertEquals(PacketKind.RTP, classify(0x80, 0x00));
        assertEquals(PacketKind.RTP, classify(191, 0x00));
    }

    @Test
    void rtcpPacketTypesSeparateRtcpFromRtpOnAMuxedPort() {
        assertEquals(PacketKind.RTCP, classify(0x80, 200)); // SR
        assertEquals(PacketKind.RTCP, classify(0x81, 201)); // RR
        assertEquals(PacketKind.RTCP, classify(0x8f, 205)); // transport-cc feedback
        assertEquals(PacketKind.RTCP, classify(0x80, 192));
        assertEquals(PacketKind.RTCP, classify(0x80, 223));
        assertEquals(PacketKind.RTP, classify(0x80, 191), "PT 63 with marker");
        assertEquals(PacketKind.RTP, classify(0x80, 224), "PT 96 with marker, Chrome's video start");
        assertEquals(PacketKind.RTP, classify(0x80, 111), "Opus");
    }

    @Test
    void everythingElseIsUnknown() {
        assertEquals(PacketKind.UNKNOWN, RtpOrRtcp.classify(new byte[0], 0, 0));
        assertEquals(PacketKind.UNKNOWN, RtpOrRtcp.classify(null, 0, 1));
        assertEquals(PacketKind.UNKNOWN, classify(16, 0), "ZRTP");
        assertEquals(PacketKind.UNKNOWN, classify(64, 0), "TURN channel data");
        assertEquals(PacketKind.UNKNOWN, classify(200, 0));
        assertEquals(PacketKind.UNKNOWN, classify(4, 0));
    }

    @Test
    void aOneByteMediaPacketIsNotRtcp() {
        byte[] b = {(byte) 0x80, (byte) 200};
        assertFalse(RtpOrRtcp.isRtcp(b, 0, 1));
        assertEquals(PacketKind.RTP, RtpOrRtcp.classify(b, 0, 1));
        assertTrue(RtpOrRtcp.isRtcp(b, 0, 2));
        assertFalse(RtpOrRtcp.isRtcp(b, 1, 2), "view beyond the array");
    }

    private static PacketKind classify(int first, int second) {
        byte[] b = {0x55, (byte) first, (byte) second, 0, 0};
        return RtpOrRtcp.classify(b, 1, 4);
    }
}
