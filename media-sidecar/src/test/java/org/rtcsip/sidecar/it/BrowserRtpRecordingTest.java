package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.rtcsip.sidecar.codec.G711;
import org.rtcsip.sidecar.codec.SignalMetrics;

class BrowserRtpRecordingTest {

    @Test
    void decodesThePcmuATrunkReceivedBackToItsTone() {
        PcapWriter pcap = new PcapWriter(ByteOrder.LITTLE_ENDIAN, 1);
        int sample = 0;
        for (int packet = 0; packet < 50; packet++) {
            byte[] payload = new byte[160];
            for (int i = 0; i < payload.length; i++, sample++) {
                payload[i] = G711.linearToUlaw((int) Math.round(8000 * Math.sin(2 * Math.PI * 1000 * sample / 8000.0)));
            }
            pcap.udp(30000, 26000, rtp(0, packet, payload));
            pcap.udp(26000, 30000, rtp(0, packet, new byte[160])); // the other direction: not what 26000 heard
        }

        BrowserRtpRecording recording = BrowserRtpRecording.parse(pcap.bytes());

        short[] heard = recording.pcmuAudioTo(26000);
        assertEquals(50 * 160, heard.length);
        assertEquals(1000, SignalMetrics.dominantFrequency(heard, 0, heard.length, 8000, 100, 3900), 1.0);
        assertEquals(Map.of(30000, 50L), recording.senderCountsTo(26000));
        assertEquals(Map.of(0, 50L), recording.payloadTypesTo(26000));
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

        BrowserRtpRecording.Packet parsed = BrowserRtpRecording.parse(pcap.bytes()).packets().get(0);

        assertArrayEquals(new byte[] {1, 2, 3}, parsed.payload());
        assertEquals(8, parsed.payloadType());
        assertEquals(7, parsed.sequence());
        assertEquals(0xdeadbeefL, parsed.ssrc());
    }

    @Test
    void leavesOutRtcpNonRtpAndOtherPayloadTypesFromTheAudio() {
        PcapWriter pcap = new PcapWriter(ByteOrder.LITTLE_ENDIAN, 1);
        pcap.udp(1001, 2001, rtp(200 - 128, 0, new byte[20]));           // RTCP SR (second byte 200)
        pcap.udp(5060, 2000, "OPTIONS sip:x SIP/2.0\r\n".getBytes());
        pcap.udp(1000, 2000, rtp(13, 0, new byte[1]));                    // comfort noise
        pcap.udp(1000, 2000, rtp(0, 1, new byte[160]));

        BrowserRtpRecording recording = BrowserRtpRecording.parse(pcap.bytes());

        assertEquals(List.of(13, 0), recording.to(2000).stream().map(BrowserRtpRecording.Packet::payloadType).toList());
        assertEquals(160, recording.pcmuAudioTo(2000).length);
        assertEquals(0, recording.to(2001).size());
    }

    @Test
    void keepsTheCompleteRecordsOfACaptureCutMidRecord() {
        byte[] whole = new PcapWriter(ByteOrder.LITTLE_ENDIAN, 1).udp(1000, 2000, rtp(0, 0, new byte[160]))
                .udp(1000, 2000, rtp(0, 1, new byte[160])).bytes();
        assertEquals(1, BrowserRtpRecording.parse(Arrays.copyOf(whole, whole.length - 10)).packets().size());
    }

    @Test
    void rejectsFilesThatAreNotClassicPcapNamingTheReason() {
        assertMessage("pcap: file shorter than its 24-byte global header (3 bytes)", new byte[3]);
        assertMessage("pcap: bad magic number 0x0", new byte[24]);
        byte[] pcapng = new byte[24];
        ByteBuffer.wrap(pcapng).putInt(0x0a0d0d0a);
        assertMessage("pcap: pcapng file; write classic pcap (tcpdump -w does)", pcapng);
        assertMessage("pcap: unsupported link type 105",
                new PcapWriter(ByteOrder.LITTLE_ENDIAN, 105).udp(1, 2, rtp(0, 0, new byte[1])).bytes());
    }

    @Test
    void neverThrowsAnythingButItsOwnReasonOnRandomBytes() {
        Random random = new Random(20261124L);
        byte[] valid = new PcapWriter(ByteOrder.LITTLE_ENDIAN, 1).udp(1000, 2000, rtp(0, 0, new byte[160]))
                .udp(3, 4, rtp(0, 1, new byte[160])).bytes();
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
                BrowserRtpRecording.parse(mutated).pcmuAudioTo(2000);
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage().startsWith("pcap: "), expected.getMessage());
            }
        }
    }

    private static void assertMessage(String reason, byte[] file) {
        IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> BrowserRtpRecording.parse(file));
        assertEquals(reason, error.getMessage());
    }

    private static byte[] rtp(int payloadType, int sequence, byte[] payload) {
        ByteBuffer packet = ByteBuffer.allocate(12 + payload.length);
        packet.put((byte) 0x80).put((byte) (payloadType & 0x7f | (payloadType >= 72 ? 0x80 : 0)))
                .putShort((short) sequence).putInt(sequence * 160).putInt(0x1234).put(payload);
        return packet.array();
    }

    /** A classic pcap of IPv4/UDP datagrams on 127.0.0.1 over Ethernet framing, as tcpdump -i lo writes. */
    private static final class PcapWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteOrder order;

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
