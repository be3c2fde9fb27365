package org.rtcsip.sidecar.rtp;

/**
 * Tells packets apart on a port carrying more than RTP: RTP and RTCP sharing one port under rtcp-mux (RFC 5761 §4),
 * and STUN and DTLS sharing it too on the WebRTC leg (RFC 7983 §7). Reads at most two bytes; never throws.
 */
public final class RtpOrRtcp {
    private RtpOrRtcp() {
    }

    /**
     * RFC 5761 §4: with rtcp-mux, the second byte of an RTCP packet is its packet type, 192..223 (SR 200, RR 201,
     * SDES 202, BYE 203, APP 204, RTPFB 205, PSFB 206, XR 207, ...). In RTP that byte is marker + payload type, so
     * RTP payload types 64..95 must not be used on a muxed port; this classification is why.
     */
    public static boolean isRtcp(byte[] b, int off, int len) {
        if (len < 2 || !inArray(b, off, len)) {
            return false;
        }
        int secondByte = b[off + 1] & 0xFF;
        return secondByte >= 192 && secondByte <= 223;
    }

    /** RFC 7983 §7: the first byte decides: 0..3 STUN, 20..63 DTLS, 128..191 RTP or RTCP. */
    public static PacketKind classify(byte[] b, int off, int len) {
        if (len < 1 || !inArray(b, off, len)) {
            return PacketKind.UNKNOWN;
        }
        int first = b[off] & 0xFF;
        if (first <= 3) {
            return PacketKind.STUN;
        }
        if (first >= 20 && first <= 63) {
            return PacketKind.DTLS;
        }
        if (first >= 128 && first <= 191) {
            return isRtcp(b, off, len) ? PacketKind.RTCP : PacketKind.RTP;
        }
        return PacketKind.UNKNOWN;
    }

    private static boolean inArray(byte[] b, int off, int len) {
        return b != null && off >= 0 && len >= 0 && off <= b.length - len;
    }
}
