package org.rtcsip.testbed.pcap;

import java.nio.ByteBuffer;

/** RTP packets for the captures a test plays (RFC 3550 §5.1: version 2, no padding, extension or CSRC). */
public final class RtpPackets {
    private RtpPackets() {
    }

    /** One packet: the 12-byte header, then {@code payload}. */
    public static byte[] packet(int payloadType, boolean marker, int sequence, long timestamp, long ssrc,
            byte[] payload) {
        return ByteBuffer.allocate(12 + payload.length).put((byte) 0x80)
                .put((byte) ((marker ? 0x80 : 0) | (payloadType & 0x7f))).putShort((short) sequence)
                .putInt((int) timestamp).putInt((int) ssrc).put(payload).array();
    }
}
