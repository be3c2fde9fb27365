package org.rtcsip.sidecar.golden;

import java.nio.ByteBuffer;

/** RTP and RTCP packets for relay tests, built field by field (RFC 3550 §5.1, §6.4.1, §6.4.2). */
final class Packets {
    private Packets() {
    }

    static byte[] rtp(int payloadType, int seq, long timestamp, int ssrc, int payloadBytes) {
        ByteBuffer b = ByteBuffer.allocate(12 + payloadBytes);
        b.put((byte) 0x80).put((byte) payloadType).putShort((short) seq).putInt((int) timestamp).putInt(ssrc);
        for (int i = 0; i < payloadBytes; i++) {
            b.put((byte) (0x55 ^ i ^ seq));
        }
        return b.array();
    }

    /** An RR with one report block about {@code about}. */
    static byte[] receiverReport(int ssrc, int about, int fractionLost, int cumulativeLost, long highestSeq,
                                 long jitter) {
        ByteBuffer b = ByteBuffer.allocate(32);
        b.put((byte) 0x81).put((byte) 201).putShort((short) 7).putInt(ssrc);
        b.putInt(about).putInt((fractionLost << 24) | (cumulativeLost & 0xffffff)).putInt((int) highestSeq)
                .putInt((int) jitter).putInt(0).putInt(0);
        return b.array();
    }

    /** An SR without report blocks. */
    static byte[] senderReport(int ssrc, long rtpTimestamp, long packets, long octets) {
        ByteBuffer b = ByteBuffer.allocate(28);
        b.put((byte) 0x80).put((byte) 200).putShort((short) 6).putInt(ssrc);
        b.putInt(0xeb8f5c00).putInt(0x40000000).putInt((int) rtpTimestamp).putInt((int) packets)
                .putInt((int) octets);
        return b.array();
    }
}
