package org.rtcsip.testbed.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** tcpdump's captures read back: counts per flow, packets and payloads, and files that are not what they should be. */
class RtpRecordingTest {

    private static final int RTP_PCMU = 0x00;
    private static final int RTCP_SENDER_REPORT = 72; // second byte 0xc8 (200): payload type 72 with marker

    @Test
    void countsRtpPerFlowInALittleEndianEthernetCapture() {
        PcapWriter pcap = new PcapWriter(ByteOrder.LITTLE_ENDIAN, 1);
        for (int i = 0; i < 5; i++) {
            pcap.udp(27000, 30000, pcmu());
        }
        pcap.udp(30002, 26000, pcmu());
        pcap.udp(30004, 26000, pcmu());
        pcap.udp(30004, 26000, pcmu());

        RtpRecording flows = RtpRecording.parse(pcap.bytes());

        assertEquals(5, flows.packets(27000, 30000));
        assertEquals(5, flows.packetsFrom(27000));
        assertEquals(3, flows.packetsTo(26000));
        assertEquals(Map.of(30002, 1L, 30004, 2L), flows.senderCountsTo(26000));
        assertEquals(0, flows.packets(30000, 27000));
        // each record's time, microseconds: PcapWriter writes them 20 ms apart
        assertEquals(20_000, flows.packets().get(1).timeMicros() - flows.packets().get(0).timeMicros());
        assertEquals(7 * 20_000, flows.packets().get(7).timeMicros() - flows.packets().get(0).timeMicros());
    }

    @Test
    void readsBigEndianCapturesAlike() {
        PcapWriter pcap = new PcapWriter(ByteOrder.BIG_ENDIAN, 1);
        pcap.udp(1000, 2000, pcmu());
        assertEquals(1, RtpRecording.parse(pcap.bytes()).packets(1000, 2000));
    }

    @Test
    void ignoresRtcpAndNonRtpDatagrams() {
        PcapWriter pcap = new PcapWriter(ByteOrder.LITTLE_ENDIAN, 1);
        pcap.udp(27001, 30001, rtp(RTCP_SENDER_REPORT, 0, new byte[160]));
        pcap.udp(5060, 5070, "OPTIONS sip:x SIP/2.0\r\n".getBytes());
        pcap.udp(27000, 30000, new byte[4]); // too short for an RTP header
        assertEquals("(no RTP captured)\n", RtpRecording.parse(pcap.bytes()).toString());
    }

    @Test
    void countsTheCompleteRecordsOfACaptureCutMidRecord() {
        PcapWriter pcap = new PcapWriter(ByteOrder.LITTLE_ENDIAN, 1);
        pcap.udp(1000, 2000, pcmu());
        pcap.udp(1000, 2000, pcmu());
        byte[] whole = pcap.bytes();
        byte[] cut = Arrays.copyOf(whole, whole.length - 10);
        assertEquals(1, RtpRecording.parse(cut).packets(1000, 2000));
        assertEquals(1, RtpRecording.parse(cut).packets().size());
    }

    @Test
    void rejectsFilesThatAreNotClassicPcapNamingTheReason() {
        assertMessage("pcap: file shorter than its 24-byte global header (3 bytes)", new byte[3]);
        assertMessage("pcap: bad magic number 0x0", new byte[24]);
        byte[] pcapng = new byte[24];
        ByteBuffer.wrap(pcapng).putInt(0x0a0d0d0a);
        assertMessage("pcap: pcapng file; write classic pcap (tcpdump -w does)", pcapng);
        assertMessage("pcap: unsupported link type 105",
                new PcapWriter(ByteOrder.LITTLE_ENDIAN, 105).udp(1, 2, pcmu()).bytes());
        byte[] header = new PcapWriter(ByteOrder.LITTLE_ENDIAN, 1).bytes();
        byte[] truncatedRecordHeader = Arrays.copyOf(header, header.length + 7);
        assertMessage("pcap: truncated record header at byte 24", truncatedRecordHeader);
    }

    /** Both pcap readers' fuzz runs, merged: random damage to a capture gives a result or a "pcap:" reason. */
    @ParameterizedTest
    @ValueSource(longs = {20240611L, 20261124L})
    void neverThrowsAnythingButItsOwnReasonOnRandomBytes(long seed) {
        Random random = new Random(seed);
        byte[] valid = new PcapWriter(ByteOrder.LITTLE_ENDIAN, 1).udp(1000, 2000, pcmu()).udp(3, 4, pcmu()).bytes();
        for (int i = 0; i < 2000; i++) {
            byte[] mutated = valid.clone();
            int flips = 1 + random.nextInt(8);
            for (int f = 0; f < flips; f++) {
                mutated[24 + random.nextInt(mutated.length - 24)] = (byte) random.nextInt(256);
            }
            if (random.nextBoolean()) {
                mutated = Arrays.copyOf(mutated, random.nextInt(mutated.length + 1));
            }
            try {
                RtpRecording.parse(mutated).payloadsTo(2000, 0);
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage().startsWith("pcap: "), expected.getMessage());
            }
        }
    }

    private static void assertMessage(String reason, byte[] file) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> RtpRecording.parse(file));
        assertEquals(reason, error.getMessage());
    }

    @Test
    void findsThePayloadBehindCsrcsAndAnExtensionAndBeforePadding() {
        ByteBuffer packet = ByteBuffer.allocate(12 + 8 + 8 + 3 + 2);
        packet.put((byte) (0x80 | 0x20 | 0x10 | 2)).put((byte) 8).putShort((short) 7).putInt(0).putInt(0xdeadbeef);
        packet.putInt(1).putInt(2);                                  // RFC 3550 §5.1: two CSRCs
        packet.putShort((short) 0xbede).putShort((short) 1).putInt(0); // §5.3.1: one word of extension
        packet.put(new byte[] {1, 2, 3});                            // payload
        packet.put((byte) 0).put((byte) 2);                          // §5.1: two bytes of padding
        PcapWriter pcap = new PcapWriter(ByteOrder.BIG_ENDIAN, 1).udp(1000, 2000, packet.array());

        RtpRecording.Packet parsed = RtpRecording.parse(pcap.bytes()).packets().get(0);

        assertArrayEquals(new byte[] {1, 2, 3}, parsed.payload());
        assertArrayEquals(packet.array(), parsed.rtp());
        assertEquals(8, parsed.payloadType());
        assertEquals(7, parsed.sequence());
        assertEquals(0xdeadbeefL, parsed.ssrc());
    }

    @Test
    void leavesOutRtcpNonRtpAndOtherPayloadTypesFromTheAudio() {
        PcapWriter pcap = new PcapWriter(ByteOrder.LITTLE_ENDIAN, 1);
        pcap.udp(1001, 2001, rtp(RTCP_SENDER_REPORT, 0, new byte[20]));
        pcap.udp(5060, 2000, "OPTIONS sip:x SIP/2.0\r\n".getBytes());
        pcap.udp(1000, 2000, rtp(13, 0, new byte[1]));                    // comfort noise
        pcap.udp(1000, 2000, rtp(0, 1, new byte[160]));

        RtpRecording recording = RtpRecording.parse(pcap.bytes());

        assertEquals(List.of(13, 0), recording.to(2000).stream().map(RtpRecording.Packet::payloadType).toList());
        assertEquals(160, recording.payloadsTo(2000, 0).length);
        assertEquals(Map.of(13, 1L, 0, 1L), recording.payloadTypesTo(2000));
        assertEquals(0, recording.to(2001).size());
    }

    /** 20 ms of PCMU (RFC 3551 payload type 0) in a 172-byte RTP packet. */
    private static byte[] pcmu() {
        return rtp(RTP_PCMU, 0, new byte[160]);
    }

    private static byte[] rtp(int payloadType, int sequence, byte[] payload) {
        ByteBuffer packet = ByteBuffer.allocate(12 + payload.length);
        packet.put((byte) 0x80).put((byte) (payloadType & 0x7f | (payloadType >= 72 ? 0x80 : 0)))
                .putShort((short) sequence).putInt(sequence * 160).putInt(0x1234).put(payload);
        return packet.array();
    }
}
