package org.rtcsip.testbed.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteOrder;
import java.util.List;

import org.junit.jupiter.api.Test;

/** RFC 4733 events written as a sender does and read back from a capture, one digit per event. */
class TelephoneEventsTest {
    private static byte[] rtp(int pt, int seq, long timestamp, byte[] payload) {
        return RtpPackets.packet(pt, false, seq, timestamp, 0x1234, payload);
    }

    @Test
    void anEventGrowsItsDurationAndEndsWithThreeEndPackets() {
        List<byte[]> five = TelephoneEvents.payloads('#', 5, 160);
        assertEquals(7, five.size());
        assertArrayEquals(new byte[] {11, 10, 0, (byte) 160}, five.get(0));
        assertArrayEquals(new byte[] {11, 10, 2, (byte) 128}, five.get(3)); // 640
        for (int i = 4; i < 7; i++) {
            assertArrayEquals(new byte[] {11, (byte) 0x8a, 3, 32}, five.get(i), "end, 800"); // E bit, volume 10
        }
        assertThrows(IllegalArgumentException.class, () -> TelephoneEvents.code('x'));
    }

    @Test
    void readsOneDigitPerEventTimestampFromACapture() throws Exception {
        PcapWriter pcap = new PcapWriter(ByteOrder.LITTLE_ENDIAN, PcapWriter.LINKTYPE_ETHERNET);
        int seq = 0;
        long ts = 0;
        pcap.udp(5000, 6000, rtp(0, seq++, ts, new byte[160]));
        for (char digit : "19*#".toCharArray()) {
            ts += 800;
            for (byte[] payload : TelephoneEvents.payloads(digit, 4, 160)) {
                pcap.udp(5000, 6000, rtp(101, seq++, ts, payload));
            }
        }
        pcap.udp(5000, 6000, rtp(0, seq, ts + 800, new byte[160]));
        RtpRecording recording = RtpRecording.parse(pcap.bytes());
        assertEquals("19*#", TelephoneEvents.digits(recording.to(6000), 101));
        assertEquals("", TelephoneEvents.digits(recording.to(6000), 96), "another payload type holds no events");
    }
}
