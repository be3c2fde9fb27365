package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rtcsip.sidecar.codec.G711;
import org.rtcsip.sidecar.codec.SignalMetrics;
import org.rtcsip.testbed.pcap.PcapWriter;
import org.rtcsip.testbed.pcap.RtpRecording;

/** What the trunk of a browser call heard, decoded from tcpdump's capture. */
class BrowserCallTest {

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

        RtpRecording recording = RtpRecording.parse(pcap.bytes());

        short[] heard = BrowserCall.pcmuHeard(recording, 26000);
        assertEquals(50 * 160, heard.length);
        assertEquals(1000, SignalMetrics.dominantFrequency(heard, 0, heard.length, 8000, 100, 3900), 1.0);
        assertEquals(Map.of(30000, 50L), recording.senderCountsTo(26000));
        assertEquals(Map.of(0, 50L), recording.payloadTypesTo(26000));
    }

    @Test
    void leavesOutRtcpNonRtpAndOtherPayloadTypesFromTheAudio() {
        PcapWriter pcap = new PcapWriter(ByteOrder.LITTLE_ENDIAN, 1);
        pcap.udp(1001, 2001, rtp(200 - 128, 0, new byte[20]));           // RTCP SR (second byte 200)
        pcap.udp(5060, 2000, "OPTIONS sip:x SIP/2.0\r\n".getBytes());
        pcap.udp(1000, 2000, rtp(13, 0, new byte[1]));                    // comfort noise
        pcap.udp(1000, 2000, rtp(0, 1, new byte[160]));

        assertEquals(160, BrowserCall.pcmuHeard(RtpRecording.parse(pcap.bytes()), 2000).length);
    }

    private static byte[] rtp(int payloadType, int sequence, byte[] payload) {
        ByteBuffer packet = ByteBuffer.allocate(12 + payload.length);
        packet.put((byte) 0x80).put((byte) (payloadType & 0x7f | (payloadType >= 72 ? 0x80 : 0)))
                .putShort((short) sequence).putInt(sequence * 160).putInt(0x1234).put(payload);
        return packet.array();
    }
}
