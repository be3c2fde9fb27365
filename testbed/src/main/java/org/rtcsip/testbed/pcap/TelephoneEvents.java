package org.rtcsip.testbed.pcap;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4733 telephone-events (DTMF) in RTP: the digits a peer received, read from the packets a capture recorded,
 * and the packets of digits for a capture a peer plays. One event is every packet with its RTP timestamp (§2.5.1.1:
 * the timestamp is the event's start, the duration grows, the last packets carry the E bit).
 */
public final class TelephoneEvents {
    /** Event codes 0-15 (RFC 4733 §3.2). */
    private static final String DIGITS = "0123456789*#ABCD";

    private TelephoneEvents() {
    }

    /** The digits of the events of payload type {@code payloadType} among {@code packets}, in order. */
    public static String digits(List<RtpRecording.Packet> packets, int payloadType) {
        StringBuilder out = new StringBuilder();
        long lastTimestamp = -1;
        long lastSsrc = -1;
        for (RtpRecording.Packet p : packets) {
            if (p.payloadType() != payloadType || p.payload().length < 4) {
                continue;
            }
            long timestamp = ByteBuffer.wrap(p.rtp(), 4, 4).getInt() & 0xffffffffL;
            if (timestamp == lastTimestamp && p.ssrc() == lastSsrc) {
                continue; // the same event: its updates and end retransmissions
            }
            lastTimestamp = timestamp;
            lastSsrc = p.ssrc();
            int event = p.payload()[0] & 0xff;
            out.append(event < DIGITS.length() ? DIGITS.charAt(event) : '?');
        }
        return out.toString();
    }

    /** The event code of a digit (0-9, *, #, A-D). */
    public static int code(char digit) {
        int code = DIGITS.indexOf(Character.toUpperCase(digit));
        if (code < 0) {
            throw new IllegalArgumentException("not a DTMF digit: " + digit);
        }
        return code;
    }

    /**
     * The payloads (4 bytes each, §2.3) of one {@code digit} lasting {@code packets} packets of {@code samplesPerPacket}
     * timestamp units, then the end packet sent twice more (§2.5.1.4, three in all): volume 10 (-10 dBm0).
     */
    public static List<byte[]> payloads(char digit, int packets, int samplesPerPacket) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 1; i <= packets + 2; i++) {
            boolean end = i >= packets;
            int duration = Math.min(i, packets) * samplesPerPacket;
            out.add(new byte[] {(byte) code(digit), (byte) ((end ? 0x80 : 0) | 10), (byte) (duration >> 8),
                (byte) duration});
        }
        return out;
    }
}
