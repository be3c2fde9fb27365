package org.rtcsip.sidecar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.rtcsip.sidecar.codec.G711;
import org.rtcsip.testbed.audio.SignalMetrics;
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

    private static byte[] rtp(int payloadType, int sequence, byte[] payload) {
        ByteBuffer packet = ByteBuffer.allocate(12 + payload.length);
        packet.put((byte) 0x80).put((byte) (payloadType & 0x7f | (payloadType >= 72 ? 0x80 : 0)))
                .putShort((short) sequence).putInt(sequence * 160).putInt(0x1234).put(payload);
        return packet.array();
    }
}
