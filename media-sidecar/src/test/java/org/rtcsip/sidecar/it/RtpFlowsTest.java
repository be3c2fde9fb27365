package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RtpFlowsTest {

    private static final int RTP_PCMU = 0x00;
    private static final int RTCP_SENDER_REPORT = 200; // second byte 0xc8: payload type 72 with marker

    @Test
    void countsRtpPerFlowInALittleEndianEthernetCapture() {
        PcapWriter pcap = new PcapWriter(ByteOrder.LITTLE_ENDIAN, 1);
        for (int i = 0; i < 5; i++) {
            pcap.udp(27000, 30000, rtp(RTP_PCMU));
        }
        pcap.udp(30002, 26000, rtp(RTP_PCMU));
        pcap.udp(30004, 26000, rtp(RTP_PCMU));
        pcap.udp(30004, 26000, rtp(RTP_PCMU));

        RtpFlows flows = RtpFlows.parse(pcap.bytes());

        assertEquals(5, flows.packets(27000, 30000));
        assertEquals(5, flows.packetsFrom(27000));
        assertEquals(3, flows.packetsTo(26000));
        assertEquals(Map.of(30002, 1L, 30004, 2L), flows.senderCountsTo(26000));
        assertEquals(0, flows.packets(30000, 27000));
    }

    @Test
    void readsBigEndianCapturesAlike() {
        PcapWriter pcap = new PcapWriter(ByteOrder.BIG_ENDIAN, 1);
        pcap.udp(1000, 2000, rtp(RTP_PCMU));
        assertEquals(1, RtpFlows.parse(pcap.bytes()).packets(1000, 2000));
    }

    @Test
    void ignoresRtcpAndNonRtpDatagrams() {
        PcapWriter pcap = new PcapWriter(ByteOrder.LITTLE_ENDIAN, 1);
        pcap.udp(27001, 30001, rtp(RTCP_SENDER_REPORT));
        pcap.udp(5060, 5070, "OPTIONS sip:x SIP/2.0\r\n".getBytes());
        pcap.udp(27000, 30000, new byte[4]); // too short for an RTP header
        assertEquals("(no RTP captured)\n", RtpFlows.parse(pcap.bytes()).toString());
    }

    @Test
    void countsTheCompleteRecordsOfACaptureCutMidRecord() {
        PcapWriter pcap = new PcapWriter(ByteOrder.LITTLE_ENDIAN, 1);
        pcap.udp(1000, 2000, rtp(RTP_PCMU));
        pcap.udp(1000, 2000, rtp(RTP_PCMU));
        byte[] whole = pcap.bytes();
        byte[] cut = Arrays.copyOf(whole, whole.length - 10);
        assertEquals(1, RtpFlows.parse(cut).packets(1000, 2000));
    }

    @Test
    void rejectsFilesThatAreNotClassicPcapNamingTheReason() {
        assertMessage("pcap: file shorter than its 24-byte global header (3 bytes)", new byte[3]);
        assertMessage("pcap: bad magic number 0x0", new byte[24]);
        byte[] pcapng = new byte[24];
        ByteBuffer.wrap(pcapng).putInt(0x0a0d0d0a);
        assertMessage("pcap: pcapng file; write classic pcap (tcpdump -w does)", pcapng);
        assertMessage("pcap: unsupported link type 105",
                new PcapWriter(ByteOrder.LITTLE_ENDIAN, 105).udp(1, 2, rtp(0)).bytes());
        byte[] header = new PcapWriter(ByteOrder.LITTLE_ENDIAN, 1).bytes();
        byte[] truncatedRecordHeader = Arrays.copyOf(header, header.length + 7);
        assertMessage("pcap: truncated record header at byte 24", truncatedRecordHeader);
    }

    @Test
    void neverThrowsAnythingButItsOwnReasonOnRandomBytes() {
        Random random = new Random(20240611L);
        byte[] valid = new PcapWriter(ByteOrder.LITTLE_ENDIAN, 1).udp(1000, 2000, rtp(0)).udp(3, 4, rtp(0)).bytes();
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
                RtpFlows.parse(mutated);
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage().startsWith("pcap: "), expected.getMessage());
            }
        }
    }

    private static void assertMessage(String reason, byte[] file) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> RtpFlows.parse(file));
        assertEquals(reason, error.getMessage());
    }

    private static byte[] rtp(int secondByte) {
        byte[] packet = new byte[172];
        packet[0] = (byte) 0x80; // RFC 3550 §5.1: version 2
        packet[1] = (byte) secondByte;
        return packet;
    }

    /** Writes a classic pcap of IPv4/UDP datagrams on 127.0.0.1 over Ethernet framing, as tcpdump -i lo. */
    private static final class PcapWriter {
        private final ByteOrder order;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        PcapWriter(ByteOrder order, int linkType) {
            this.order = order;
            ByteBuffer header = ByteBuffer.allocate(24).order(order);
            header.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                    .putInt(262144).putInt(linkType);
            out.writeBytes(header.array());
        }

        PcapWriter udp(int sourcePort, int destinationPort, byte[] payload) {
            ByteBuffer frame = ByteBuffer.allocate(14 + 20 + 8 + payload.length); // network order
            frame.put(new byte[12]).putShort((short) 0x0800);
            frame.put((byte) 0x45).put((byte) 0).putShort((short) (28 + payload.length)).putInt(0)
                    .put((byte) 64).put((byte) 17).putShort((short) 0)
                    .put(new byte[] {127, 0, 0, 1}).put(new byte[] {127, 0, 0, 1});
            frame.putShort((short) sourcePort).putShort((short) destinationPort)
                    .putShort((short) (8 + payload.length)).putShort((short) 0).put(payload);
            ByteBuffer record = ByteBuffer.allocate(16).order(order);
            record.putInt(1).putInt(0).putInt(frame.capacity()).putInt(frame.capacity());
            out.writeBytes(record.array());
            out.writeBytes(frame.array());
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
