package org.rtcsip.sidecar.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class RtpHeaderTest {
    /** pion/rtp packet_test.go TestBasic: marker, PT 96, a 1-word extension with profile 1, 5 payload bytes. */
    private static final byte[] PION_BASIC = hex(
            "90e0698fd9c293da1c642782" + "00010001" + "ffffffff" + "9836be889e");

    /**
     * Chrome RTP headers as captured by Wireshark, from olivermichel/webrtc-analysis test/include/data.h
     * (rtp_pkt1: RFC 8285 one-byte extensions; rtp_pkt3: two-byte extensions). The capture kept headers only.
     */
    private static final byte[] CHROME_ONE_BYTE_EXTENSIONS = hex(
            "902d1a5fd4090549f7b16e83bede0003" + "22f34350" + "41009b" + "d2810045" + "00");
    private static final byte[] CHROME_TWO_BYTE_EXTENSIONS = hex(
            "902d61c5950a0fee8d3814e510000011"
                    + "020303f7ae" + "04020002" + "090130" + "030100" + "060102"
                    + "070d0100010007000700" + "0a00000000"
                    + "0d21c00001800318" + "7aaaf130a0a014d1" + "4138230460086422" + "22265009f0077013" + "f00ef0");

    @Test
    void readsEveryFieldOfPionsBasicPacket() {
        byte[] p = PION_BASIC;
        assertEquals(25, p.length);
        assertEquals(RtpError.OK, RtpHeader.validate(p, 0, p.length));
        assertEquals(2, RtpHeader.version(p, 0, p.length));
        assertFalse(RtpHeader.padding(p, 0, p.length));
        assertTrue(RtpHeader.extension(p, 0, p.length));
        assertEquals(0, RtpHeader.csrcCount(p, 0, p.length));
        assertTrue(RtpHeader.marker(p, 0, p.length));
        assertEquals(96, RtpHeader.payloadType(p, 0, p.length));
        assertEquals(27023, RtpHeader.sequenceNumber(p, 0, p.length));
        assertEquals(3653407706L, RtpHeader.timestamp(p, 0, p.length));
        assertEquals(476325762, RtpHeader.ssrc(p, 0, p.length));
        assertEquals(1, RtpHeader.extensionProfile(p, 0, p.length));
        assertEquals(20, RtpHeader.headerLength(p, 0, p.length));
        assertEquals(5, RtpHeader.payloadLength(p, 0, p.length));
        assertEquals(20, RtpHeader.payloadOffset(p, 0, p.length));
    }

    @Test
    void skipsChromeOneByteHeaderExtensionsAsALength() {
        byte[] p = CHROME_ONE_BYTE_EXTENSIONS;
        assertEquals(RtpError.OK, RtpHeader.validate(p, 0, p.length));
        assertEquals(45, RtpHeader.payloadType(p, 0, p.length));
        assertFalse(RtpHeader.marker(p, 0, p.length));
        assertEquals(6751, RtpHeader.sequenceNumber(p, 0, p.length));
        assertEquals(3557360969L, RtpHeader.timestamp(p, 0, p.length));
        assertEquals(0xf7b16e83L, Integer.toUnsignedLong(RtpHeader.ssrc(p, 0, p.length)));
        assertEquals(RtpHeader.EXTENSION_PROFILE_ONE_BYTE, RtpHeader.extensionProfile(p, 0, p.length));
        assertEquals(12 + 4 + 3 * 4, RtpHeader.headerLength(p, 0, p.length));
        assertEquals(0, RtpHeader.payloadLength(p, 0, p.length));
    }

    @Test
    void skipsChromeTwoByteHeaderExtensionsAsALength() {
        byte[] p = CHROME_TWO_BYTE_EXTENSIONS;
        assertEquals(RtpError.OK, RtpHeader.validate(p, 0, p.length));
        assertEquals(25029, RtpHeader.sequenceNumber(p, 0, p.length));
        assertEquals(2500464622L, RtpHeader.timestamp(p, 0, p.length));
        assertEquals(0x8d3814e5L, Integer.toUnsignedLong(RtpHeader.ssrc(p, 0, p.length)));
        int profile = RtpHeader.extensionProfile(p, 0, p.length);
        assertEquals(RtpHeader.EXTENSION_PROFILE_TWO_BYTE, profile & RtpHeader.EXTENSION_PROFILE_TWO_BYTE_MASK);
        assertEquals(12 + 4 + 17 * 4, RtpHeader.headerLength(p, 0, p.length));
        assertEquals(p.length, RtpHeader.headerLength(p, 0, p.length));
    }

    @Test
    void countsCsrcsInTheHeaderAndPaddingOutOfThePayload() {
        // V=2 P=1 CC=2, PT 0, then 2 CSRCs, 3 payload bytes, 4 bytes of padding ending in the count.
        byte[] p = hex("a2000001" + "00000002" + "00000003" + "0000000a" + "0000000b" + "aabbcc" + "00000004");
        assertEquals(RtpError.OK, RtpHeader.validate(p, 0, p.length));
        assertEquals(2, RtpHeader.csrcCount(p, 0, p.length));
        assertEquals(10, RtpHeader.csrc(p, 0, p.length, 0));
        assertEquals(11, RtpHeader.csrc(p, 0, p.length, 1));
        assertEquals(20, RtpHeader.headerLength(p, 0, p.length));
        assertEquals(3, RtpHeader.payloadLength(p, 0, p.length));
        assertEquals(-1, RtpHeader.extensionProfile(p, 0, p.length));
    }

    @Test
    void acceptsPaddingOnlyPacketsAsLibwebrtcSendsForProbing() {
        byte[] p = hex("a06f0001" + "00000002" + "00000003" + "00000000" + "00000008");
        assertEquals(RtpError.OK, RtpHeader.validate(p, 0, p.length));
        assertEquals(0, RtpHeader.payloadLength(p, 0, p.length));
    }

    @Test
    void readsAPacketInTheMiddleOfALargerBuffer() {
        byte[] buf = new byte[100];
        System.arraycopy(PION_BASIC, 0, buf, 37, PION_BASIC.length);
        assertEquals(RtpError.OK, RtpHeader.validate(buf, 37, PION_BASIC.length));
        assertEquals(27023, RtpHeader.sequenceNumber(buf, 37, PION_BASIC.length));
        assertEquals(5, RtpHeader.payloadLength(buf, 37, PION_BASIC.length));
        assertEquals(37 + 20, RtpHeader.payloadOffset(buf, 37, PION_BASIC.length));
    }

    @Test
    void settersRewriteOneFieldAndLeaveTheRestAlone() {
        byte[] p = PION_BASIC.clone();
        int len = p.length;
        RtpHeader.setPayloadType(p, 0, 111);
        assertEquals(111, RtpHeader.payloadType(p, 0, len));
        assertTrue(RtpHeader.marker(p, 0, len), "payload type rewrite keeps the marker");
        RtpHeader.setMarker(p, 0, false);
        assertFalse(RtpHeader.marker(p, 0, len));
        assertEquals(111, RtpHeader.payloadType(p, 0, len), "marker rewrite keeps the payload type");
        RtpHeader.setMarker(p, 0, true);
        assertTrue(RtpHeader.marker(p, 0, len));
        RtpHeader.setSequenceNumber(p, 0, 65535);
        assertEquals(65535, RtpHeader.sequenceNumber(p, 0, len));
        RtpHeader.setSequenceNumber(p, 0, 65536 + 7);
        assertEquals(7, RtpHeader.sequenceNumber(p, 0, len));
        RtpHeader.setTimestamp(p, 0, 0xFFFF_FFFFL);
        assertEquals(0xFFFF_FFFFL, RtpHeader.timestamp(p, 0, len));
        RtpHeader.setTimestamp(p, 0, 0x1_0000_0005L);
        assertEquals(5, RtpHeader.timestamp(p, 0, len));
        RtpHeader.setSsrc(p, 0, 0xDEADBEEF);
        assertEquals(0xDEADBEEF, RtpHeader.ssrc(p, 0, len));
        // Everything else is byte for byte what it was.
        byte[] expected = PION_BASIC.clone();
        System.arraycopy(p, 1, expected, 1, 11);
        assertEquals(HexFormat.of().formatHex(expected), HexFormat.of().formatHex(p));
        assertEquals(2, RtpHeader.version(p, 0, len));
        assertTrue(RtpHeader.extension(p, 0, len));
        assertEquals(5, RtpHeader.payloadLength(p, 0, len));
    }

    @Test
    void namesTheErrorOfEachMalformedPacket() {
        assertEquals(RtpError.TOO_SHORT, RtpHeader.validate(PION_BASIC, 0, 11), "truncated fixed header");
        assertEquals(RtpError.TOO_SHORT, RtpHeader.validate(new byte[0], 0, 0), "empty");
        assertEquals(RtpError.TOO_SHORT, RtpHeader.validate(null, 0, 12), "no array");
        assertEquals(RtpError.TOO_SHORT, RtpHeader.validate(PION_BASIC, 20, 12), "view beyond the array");
        assertEquals(RtpError.TOO_SHORT, RtpHeader.validate(PION_BASIC, -1, 12), "negative offset");

        byte[] version1 = PION_BASIC.clone();
        version1[0] = (byte) 0x50;
        assertEquals(RtpError.BAD_VERSION, RtpHeader.validate(version1, 0, version1.length), "version 1");

        // CC=15 announces 60 bytes of CSRCs in a 16-byte packet.
        byte[] csrcs = hex("8f000001" + "00000002" + "00000003" + "00000004");
        assertEquals(RtpError.CSRC_OVERRUN, RtpHeader.validate(csrcs, 0, csrcs.length));

        // pion/rtp TestExtension: X set with no room for the extension header, then a length of 0x9999 words.
        byte[] missingExtension = hex("9060698fd9c293da1c642782");
        assertEquals(RtpError.EXTENSION_OVERRUN, RtpHeader.validate(missingExtension, 0, missingExtension.length));
        byte[] extensionTooLong = hex("9060698fd9c293da1c64278299999999");
        assertEquals(RtpError.EXTENSION_OVERRUN, RtpHeader.validate(extensionTooLong, 0, extensionTooLong.length));
        assertEquals(RtpError.EXTENSION_OVERRUN, RtpHeader.validate(PION_BASIC, 0, 19), "extension data cut off");

        byte[] paddingZero = hex("a0000001" + "00000002" + "00000003" + "aabbcc00");
        assertEquals(RtpError.BAD_PADDING, RtpHeader.validate(paddingZero, 0, paddingZero.length), "padding count 0");
        byte[] paddingTooLarge = hex("a0000001" + "00000002" + "00000003" + "aabbcc05");
        assertEquals(RtpError.BAD_PADDING, RtpHeader.validate(paddingTooLarge, 0, paddingTooLarge.length),
                "padding count larger than the payload");
        byte[] paddingWithoutRoom = hex("a0000001" + "00000002" + "00000003");
        assertEquals(RtpError.BAD_PADDING, RtpHeader.validate(paddingWithoutRoom, 0, paddingWithoutRoom.length),
                "P set on a header-only packet: the count byte would be header");
    }

    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }
}
