package org.rtcsip.sidecar.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rtcsip.sidecar.rtcp.RtcpCaptures.bytes;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RtcpPacketTest {
    @Test
    void readsChromesSenderReportAndCname() {
        byte[] b = bytes(RtcpCaptures.CHROME_SR_SDES);
        assertEquals(RtcpError.OK, RtcpPacket.validateCompound(b, 0, b.length));

        assertEquals(RtcpPacket.SR, RtcpPacket.packetType(b, 0));
        assertEquals(0, RtcpPacket.reportCount(b, 0));
        assertEquals(28, RtcpPacket.lengthInBytes(b, 0));
        assertEquals(0x9cf6b791, RtcpPacket.senderSsrc(b, 0));
        assertEquals(0xe020b715L, SenderReport.ntpMsw(b, 0));
        assertEquals(0xe45b8dc5L, SenderReport.ntpLsw(b, 0));
        assertEquals(0xb715e45bL, SenderReport.ntpCompact(b, 0));
        assertEquals(0xc5df70cdL, SenderReport.rtpTimestamp(b, 0));
        assertEquals(526, SenderReport.packetCount(b, 0));
        assertEquals(433674, SenderReport.octetCount(b, 0));

        assertEquals(RtcpPacket.SDES, RtcpPacket.packetType(b, 28));
        assertEquals(28, RtcpPacket.lengthInBytes(b, 28));
        assertEquals(0x9cf6b791, RtcpPacket.senderSsrc(b, 28));
        assertEquals("jvCbIX/TXwR5MQqc", cname(b, 28));
    }

    @Test
    void walksEveryPacketOfPionsCapturedCompound() {
        byte[] b = bytes(RtcpCaptures.PION_RR_COMPOUND);
        assertEquals(RtcpError.OK, RtcpPacket.validateCompound(b, 0, b.length));
        int[] types = new int[8];
        int count = 0;
        for (int p = 0; p < b.length; p += RtcpPacket.lengthInBytes(b, p)) {
            types[count++] = RtcpPacket.packetType(b, p);
        }
        assertArrayEquals(new int[] {RtcpPacket.RR, RtcpPacket.SDES, RtcpPacket.BYE, RtcpPacket.PSFB,
                RtcpPacket.RTPFB, RtcpPacket.APP}, Arrays.copyOf(types, count));

        assertEquals(1, RtcpPacket.reportCount(b, 0));
        assertEquals(0x902f9e2e, RtcpPacket.senderSsrc(b, 0));
        int r = RtcpPacket.reportBlockOffset(b, 0, 0);
        assertEquals(8, r);
        assertEquals(0xbc5e9a40, ReportBlock.ssrc(b, r));
        assertEquals(0, ReportBlock.fractionLost(b, r));
        assertEquals(0, ReportBlock.cumulativeLost(b, r));
        assertEquals(0x46e1, ReportBlock.extendedHighestSeq(b, r));
        assertEquals(273, ReportBlock.jitter(b, r));
        assertEquals(0x9f36432, ReportBlock.lastSenderReport(b, r));
        assertEquals(150137, ReportBlock.delaySinceLastSenderReport(b, r));
        assertEquals("{9c00eb92-1afb-9d49-a47d-91f64eee69f5}", cname(b, 32));

        ReportBlockValues v = new ReportBlockValues();
        ReportBlock.read(b, r, v);
        assertEquals(0xbc5e9a40, v.ssrc);
        assertEquals(273, v.jitter);
        assertEquals(150137, v.delaySinceLastSenderReport);
    }

    @Test
    void chromesLoneTransportCcFeedbackIsValidOnlyAsReducedSize() {
        byte[] b = bytes(RtcpCaptures.CHROME_TRANSPORT_CC);
        assertEquals(RtcpError.OK, RtcpPacket.validateReducedSize(b, 0, b.length), "padding count 1 is accepted");
        assertEquals(RtcpError.FIRST_NOT_SR_OR_RR, RtcpPacket.validateCompound(b, 0, b.length));
        assertEquals(RtcpPacket.RTPFB, RtcpPacket.packetType(b, 0));
        assertEquals(15, RtcpPacket.reportCount(b, 0), "the count field holds FMT 15 in feedback");
        assertEquals(1, RtcpPacket.senderSsrc(b, 0));
    }

    @Test
    void reportBlockOffsetsFollowTheSenderInfoInAnSr() {
        ReportBlockValues v = new ReportBlockValues();
        v.ssrc = 7;
        byte[] b = new byte[200];
        int n = RtcpWriter.writeSenderReport(b, 0, 1, 0, 0, 0, 0, 0, new ReportBlockValues[] {v, v}, 2);
        assertEquals(RtcpError.OK, RtcpPacket.validateCompound(b, 0, n));
        assertEquals(28, RtcpPacket.reportBlockOffset(b, 0, 0));
        assertEquals(52, RtcpPacket.reportBlockOffset(b, 0, 1));
    }

    @Test
    void cumulativeLostIsSigned24Bits() {
        byte[] b = bytes("00000001" + "00ffffff" + "00000000" + "00000000" + "00000000" + "00000000");
        assertEquals(-1, ReportBlock.cumulativeLost(b, 0));
        b[5] = (byte) 0x80;
        b[6] = 0;
        b[7] = 0;
        assertEquals(-0x80_0000, ReportBlock.cumulativeLost(b, 0));
        b[5] = (byte) 0x7f;
        b[6] = (byte) 0xff;
        b[7] = (byte) 0xff;
        assertEquals(0x7F_FFFF, ReportBlock.cumulativeLost(b, 0));
    }

    @Test
    void namesTheErrorOfEachMalformedCompound() {
        byte[] sr = bytes(RtcpCaptures.CHROME_SR_SDES);
        byte[] rr = bytes(RtcpCaptures.PION_RR_COMPOUND);

        assertEquals(RtcpError.TOO_SHORT, RtcpPacket.validateCompound(sr, 0, 3), "not even a header");
        assertEquals(RtcpError.TOO_SHORT, RtcpPacket.validateCompound(null, 0, 8));
        assertEquals(RtcpError.TOO_SHORT, RtcpPacket.validateCompound(sr, 40, 20), "view beyond the array");

        byte[] version1 = sr.clone();
        version1[0] = 0x40;
        assertEquals(RtcpError.BAD_VERSION, RtcpPacket.validateCompound(version1, 0, version1.length));
        byte[] secondVersion1 = sr.clone();
        secondVersion1[28] = 0x41;
        assertEquals(RtcpError.BAD_VERSION, RtcpPacket.validateCompound(secondVersion1, 0, sr.length));

        assertEquals(RtcpError.BAD_LENGTH, RtcpPacket.validateCompound(sr, 0, sr.length - 4),
                "truncated: the SDES length field runs past the datagram");
        byte[] lengthTooShort = sr.clone();
        lengthTooShort[31] = 5; // SDES says 24 bytes, 4 bytes left over that start with 0x71 (version 1)
        assertEquals(RtcpError.BAD_VERSION, RtcpPacket.validateCompound(lengthTooShort, 0, sr.length));
        byte[] lengthTooLong = sr.clone();
        lengthTooLong[3] = 7; // SR says 32 bytes: the rest no longer tiles
        assertEquals(RtcpError.BAD_LENGTH, RtcpPacket.validateCompound(lengthTooLong, 0, sr.length));

        byte[] junk2 = Arrays.copyOf(sr, sr.length + 2);
        assertEquals(RtcpError.BAD_LENGTH, RtcpPacket.validateCompound(junk2, 0, junk2.length),
                "2 trailing bytes of junk");
        byte[] junk4 = Arrays.copyOf(sr, sr.length + 4);
        assertEquals(RtcpError.BAD_VERSION, RtcpPacket.validateCompound(junk4, 0, junk4.length),
                "4 trailing zero bytes read as a version-0 header");

        byte[] rrCountTooHigh = rr.clone();
        rrCountTooHigh[0] = (byte) 0x82; // RC 2 in an RR that holds one block
        assertEquals(RtcpError.BAD_LENGTH, RtcpPacket.validateCompound(rrCountTooHigh, 0, rr.length));
        byte[] srCountTooHigh = sr.clone();
        srCountTooHigh[0] = (byte) 0x81; // RC 1 in an SR with no block
        assertEquals(RtcpError.BAD_LENGTH, RtcpPacket.validateCompound(srCountTooHigh, 0, sr.length));

        byte[] sdesFirst = Arrays.copyOfRange(sr, 28, sr.length);
        assertEquals(RtcpError.FIRST_NOT_SR_OR_RR, RtcpPacket.validateCompound(sdesFirst, 0, sdesFirst.length));
        assertEquals(RtcpError.OK, RtcpPacket.validateReducedSize(sdesFirst, 0, sdesFirst.length));
        byte[] byeFirst = Arrays.copyOfRange(rr, 84, rr.length);
        assertEquals(RtcpError.FIRST_NOT_SR_OR_RR, RtcpPacket.validateCompound(byeFirst, 0, byeFirst.length));
    }

    @Test
    void namesThePaddingErrors() {
        byte[] sr = bytes(RtcpCaptures.CHROME_SR_SDES);
        byte[] paddedFirst = sr.clone();
        paddedFirst[0] |= 0x20;
        assertEquals(RtcpError.BAD_PADDING, RtcpPacket.validateCompound(paddedFirst, 0, sr.length),
                "padding on a packet that is not the last");

        // The SDES ends in two null bytes: as a padding count that is 0.
        byte[] paddingZero = sr.clone();
        paddingZero[28] |= 0x20;
        assertEquals(RtcpError.BAD_PADDING, RtcpPacket.validateCompound(paddingZero, 0, sr.length));

        // An RR padded by 4 bytes: fine; a count of 13 would eat the header.
        byte[] rr = bytes("a1c90008" + "00000001" + "00000002" + "00000000" + "00000000" + "00000000" + "00000000"
                + "00000000" + "00000004");
        assertEquals(RtcpError.OK, RtcpPacket.validateCompound(rr, 0, rr.length));
        rr[rr.length - 1] = 33;
        assertEquals(RtcpError.BAD_PADDING, RtcpPacket.validateCompound(rr, 0, rr.length),
                "padding count larger than the packet after its header");
        rr[rr.length - 1] = 8;
        assertEquals(RtcpError.BAD_LENGTH, RtcpPacket.validateCompound(rr, 0, rr.length),
                "padding that eats into the report block leaves the RR too short for its count");
    }

    @Test
    void validatesACompoundInTheMiddleOfALargerBuffer() {
        byte[] sr = bytes(RtcpCaptures.CHROME_SR_SDES);
        byte[] buf = new byte[sr.length + 30];
        Arrays.fill(buf, (byte) 0xEE);
        System.arraycopy(sr, 0, buf, 13, sr.length);
        assertEquals(RtcpError.OK, RtcpPacket.validateCompound(buf, 13, sr.length));
        assertEquals(0xe020b715L, SenderReport.ntpMsw(buf, 13));
        assertEquals(RtcpError.BAD_VERSION, RtcpPacket.validateCompound(buf, 13, sr.length + 4), "0xEE junk");
    }

    @Test
    void cnameIsAbsentWhenItemsRunPastTheirPacket() {
        byte[] sr = bytes(RtcpCaptures.CHROME_SR_SDES);
        sr[37] = (byte) 200; // CNAME length past the SDES packet
        assertEquals(RtcpError.OK, RtcpPacket.validateCompound(sr, 0, sr.length), "SDES items are not validated");
        assertEquals(-1, SourceDescription.cnameItemOffset(sr, 28));
        sr[37] = 16;
        sr[36] = 2; // NAME instead of CNAME
        assertEquals(-1, SourceDescription.cnameItemOffset(sr, 28));
    }

    static String cname(byte[] b, int p) {
        int item = SourceDescription.cnameItemOffset(b, p);
        if (item < 0) {
            return null;
        }
        return new String(b, item + 2, SourceDescription.cnameLength(b, item), StandardCharsets.UTF_8);
    }
}
