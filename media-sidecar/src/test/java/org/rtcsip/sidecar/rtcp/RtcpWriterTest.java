package org.rtcsip.sidecar.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtcsip.sidecar.rtcp.RtcpCaptures.bytes;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RtcpWriterTest {
    @Test
    void reproducesChromesSenderReportAndCnameByteForByte() {
        byte[] captured = bytes(RtcpCaptures.CHROME_SR_SDES);
        byte[] buf = new byte[100];
        int n = RtcpWriter.writeSenderReport(buf, 0, 0x9cf6b791, 0xe020b715L, 0xe45b8dc5L, 0xc5df70cdL, 526, 433674,
                new ReportBlockValues[0], 0);
        n += RtcpWriter.writeSourceDescriptionCname(buf, n, 0x9cf6b791,
                "jvCbIX/TXwR5MQqc".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(captured, Arrays.copyOf(buf, n));
    }

    @Test
    void reproducesTheReceiverReportOfPionsCapture() {
        byte[] captured = Arrays.copyOf(bytes(RtcpCaptures.PION_RR_COMPOUND), 32);
        ReportBlockValues v = new ReportBlockValues();
        ReportBlock.read(captured, 8, v);
        byte[] buf = new byte[32];
        assertEquals(32, RtcpWriter.writeReceiverReport(buf, 0, 0x902f9e2e, new ReportBlockValues[] {v}, 1));
        assertArrayEquals(captured, buf);
    }

    @Test
    void senderReportWithBlocksAndCnameRoundTrips() {
        ReportBlockValues a = block(0x0A0B0C0D, 25, 1234, 0x0002_0010L, 77, 0xB7052000L, 0x00054000L);
        ReportBlockValues b = block(0xF0000001, 255, -3, 0xFFFF_FFFFL, 0xFFFF_FFFFL, 0, 0);
        byte[] cname = "bob@[::1]#media".getBytes(StandardCharsets.UTF_8);
        byte[] buf = new byte[300];
        int off = 17;
        int n = RtcpWriter.writeSenderReport(buf, off, 0xCAFEBABE, 0xE020B715L, 0xE45B8DC5L, 0x1_2345_6789L,
                1000, 160_000, new ReportBlockValues[] {a, b}, 2);
        assertEquals(RtcpWriter.senderReportLength(2), n);
        int sdes = off + n;
        n += RtcpWriter.writeSourceDescriptionCname(buf, sdes, 0xCAFEBABE, cname);

        assertEquals(RtcpError.OK, RtcpPacket.validateCompound(buf, off, n));
        assertEquals(RtcpPacket.SR, RtcpPacket.packetType(buf, off));
        assertEquals(2, RtcpPacket.reportCount(buf, off));
        assertEquals(0xCAFEBABE, RtcpPacket.senderSsrc(buf, off));
        assertEquals(0xE020B715L, SenderReport.ntpMsw(buf, off));
        assertEquals(0xE45B8DC5L, SenderReport.ntpLsw(buf, off));
        assertEquals(0x2345_6789L, SenderReport.rtpTimestamp(buf, off), "low 32 bits of the RTP timestamp");
        assertEquals(1000, SenderReport.packetCount(buf, off));
        assertEquals(160_000, SenderReport.octetCount(buf, off));
        assertBlock(a, buf, RtcpPacket.reportBlockOffset(buf, off, 0));
        assertBlock(b, buf, RtcpPacket.reportBlockOffset(buf, off, 1));

        assertEquals(RtcpPacket.SDES, RtcpPacket.packetType(buf, sdes));
        assertEquals(0xCAFEBABE, RtcpPacket.senderSsrc(buf, sdes));
        assertEquals("bob@[::1]#media", RtcpPacketTest.cname(buf, sdes));
    }

    @Test
    void emptyReceiverReportLeadsACompound() {
        byte[] buf = new byte[64];
        int n = RtcpWriter.writeReceiverReport(buf, 0, 42, null, 0);
        assertEquals(8, n);
        n += RtcpWriter.writeSourceDescriptionCname(buf, n, 42, new byte[] {'x'});
        assertEquals(RtcpError.OK, RtcpPacket.validateCompound(buf, 0, n));
        assertEquals(0, RtcpPacket.reportCount(buf, 0));
        assertEquals(8, RtcpPacket.lengthInBytes(buf, 0));
    }

    @Test
    void cnameChunksEndWithANullAndAlignTo32Bits() {
        byte[] buf = new byte[300];
        for (int length = 1; length <= 255; length++) {
            byte[] cname = new byte[length];
            Arrays.fill(cname, (byte) 'c');
            Arrays.fill(buf, (byte) 0xEE);
            int n = RtcpWriter.writeSourceDescriptionCname(buf, 0, 9, cname);
            assertEquals(0, n % 4, "length " + length);
            assertTrue(10 + length < n, "room for the END item inside the packet");
            for (int i = 10 + length; i < n; i++) {
                assertEquals(0, buf[i], "END and padding are nulls");
            }
            assertEquals(RtcpWriter.sourceDescriptionCnameLength(length), n);
            assertEquals(0, buf[10 + length], "END item right after the text");
            assertTrue(n - (10 + length) <= 4, "at most 3 nulls of padding after END");
            assertEquals(RtcpError.OK, RtcpPacket.validateReducedSize(buf, 0, n));
            assertEquals(length, SourceDescription.cnameLength(buf, SourceDescription.cnameItemOffset(buf, 0)));
        }
    }

    @Test
    void clampsCumulativeLostTo24BitsAndJitterTo32() {
        byte[] buf = new byte[24];
        ReportBlockValues v = block(1, 0, -9_000_000, 0, 1L << 40, 0, 0);
        RtcpWriter.writeReportBlock(buf, 0, v);
        assertEquals(-0x80_0000, ReportBlock.cumulativeLost(buf, 0));
        assertEquals(0xFFFF_FFFFL, ReportBlock.jitter(buf, 0));
        v.cumulativeLost = 9_000_000;
        RtcpWriter.writeReportBlock(buf, 0, v);
        assertEquals(0x7F_FFFF, ReportBlock.cumulativeLost(buf, 0));
        assertEquals(0, ReportBlock.fractionLost(buf, 0), "the clamp does not spill into the fraction byte");
    }

    @Test
    void receptionStatisticsBecomeAReceiverReport() {
        RtpReceiveStatistics stats = new RtpReceiveStatistics(0x5555_0001);
        for (int seq = 0; seq <= 100; seq++) {
            if (seq != 40) {
                stats.onPacket(seq, 160L * seq, 160, 20_000_000L * seq, 8000);
            }
        }
        ReportBlockValues[] blocks = {new ReportBlockValues()};
        stats.takeReportBlock(0, blocks[0]);
        byte[] buf = new byte[64];
        int n = RtcpWriter.writeReceiverReport(buf, 0, 0x7777_0002, blocks, 1);
        assertEquals(RtcpError.OK, RtcpPacket.validateCompound(buf, 0, n));
        int r = RtcpPacket.reportBlockOffset(buf, 0, 0);
        assertEquals(0x5555_0001, ReportBlock.ssrc(buf, r));
        assertEquals(1, ReportBlock.cumulativeLost(buf, r));
        assertEquals(256 / 100, ReportBlock.fractionLost(buf, r));
        assertEquals(100, ReportBlock.extendedHighestSeq(buf, r));
    }

    @Test
    void refusesImpossibleRequests() {
        ReportBlockValues[] many = new ReportBlockValues[32];
        Arrays.fill(many, new ReportBlockValues());
        assertThrows(IllegalArgumentException.class,
                () -> RtcpWriter.writeReceiverReport(new byte[2000], 0, 1, many, 32), "32 blocks do not fit RC");
        assertThrows(IllegalArgumentException.class,
                () -> RtcpWriter.writeReceiverReport(new byte[2000], 0, 1, new ReportBlockValues[2], 3), "more blocks than given");
        assertThrows(IllegalArgumentException.class,
                () -> RtcpWriter.writeSenderReport(new byte[27], 0, 1, 0, 0, 0, 0, 0, null, 0), "buffer too small");
        assertThrows(IllegalArgumentException.class,
                () -> RtcpWriter.writeSourceDescriptionCname(new byte[300], 0, 1, new byte[256]));
        assertThrows(IllegalArgumentException.class,
                () -> RtcpWriter.writeSourceDescriptionCname(new byte[300], 0, 1, new byte[0]));
    }

    private static ReportBlockValues block(int ssrc, int fraction, int lost, long highest, long jitter, long lsr,
            long dlsr) {
        ReportBlockValues v = new ReportBlockValues();
        v.ssrc = ssrc;
        v.fractionLost = fraction;
        v.cumulativeLost = lost;
        v.extendedHighestSeq = highest;
        v.jitter = jitter;
        v.lastSenderReport = lsr;
        v.delaySinceLastSenderReport = dlsr;
        return v;
    }

    private static void assertBlock(ReportBlockValues expected, byte[] b, int r) {
        ReportBlockValues actual = new ReportBlockValues();
        ReportBlock.read(b, r, actual);
        assertEquals(expected.ssrc, actual.ssrc);
        assertEquals(expected.fractionLost, actual.fractionLost);
        assertEquals(expected.cumulativeLost, actual.cumulativeLost);
        assertEquals(expected.extendedHighestSeq, actual.extendedHighestSeq);
        assertEquals(expected.jitter, actual.jitter);
        assertEquals(expected.lastSenderReport, actual.lastSenderReport);
        assertEquals(expected.delaySinceLastSenderReport, actual.delaySinceLastSenderReport);
    }
}
