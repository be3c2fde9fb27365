package org.rtcsip.sidecar.srtp;

/** Where things sit in RTP and SRTP packets; the checks that keep malformed packets away from jitsi-srtp. */
final class PacketLayout {
    static final int RTP_FIXED_HEADER = 12;
    static final int RTCP_HEADER = 8; // V/P/RC, PT, length, sender SSRC
    static final int SRTCP_INDEX = 4; // RFC 3711 §3.4: E flag + 31-bit index

    private PacketLayout() {
    }

    static boolean inBounds(byte[] buf, int off, int len) {
        return buf != null && off >= 0 && len >= 0 && off <= buf.length - len;
    }

    /** The RTP header length (fixed part, CSRCs, extension) if it fits in {@code len}, else -1. RFC 3550 §5.1. */
    static int rtpHeaderLength(byte[] buf, int off, int len) {
        if (len < RTP_FIXED_HEADER || (buf[off] & 0xc0) != 0x80) {
            return -1;
        }
        int header = RTP_FIXED_HEADER + 4 * (buf[off] & 0x0f);
        if ((buf[off] & 0x10) != 0) {
            // RFC 3550 §5.3.1: 4-byte extension header, then length in 32-bit words
            if (header + 4 > len) {
                return -1;
            }
            header += 4 + 4 * (((buf[off + header + 2] & 0xff) << 8) | (buf[off + header + 3] & 0xff));
        }
        return header <= len ? header : -1;
    }

    static boolean isRtcpV2(byte[] buf, int off, int len) {
        return len >= RTCP_HEADER && (buf[off] & 0xc0) == 0x80;
    }

    static int readUnsignedShort(byte[] buf, int at) {
        return ((buf[at] & 0xff) << 8) | (buf[at + 1] & 0xff);
    }

    static int readInt(byte[] buf, int at) {
        return ((buf[at] & 0xff) << 24) | ((buf[at + 1] & 0xff) << 16) | ((buf[at + 2] & 0xff) << 8)
                | (buf[at + 3] & 0xff);
    }

    /**
     * Puts the MKI in front of the tag that ends the packet (RFC 3711 §3.1 and §3.4: the MKI is not
     * authenticated, so it is added after jitsi computed the tag). Returns the new length.
     */
    static int insertMki(byte[] buf, int off, int len, int tagLength, byte[] mki) {
        if (mki.length == 0) {
            return len;
        }
        int tagAt = off + len - tagLength;
        System.arraycopy(buf, tagAt, buf, tagAt + mki.length, tagLength);
        System.arraycopy(mki, 0, buf, tagAt, mki.length);
        return len + mki.length;
    }

    /**
     * Checks the MKI in front of the tag and closes the gap, so jitsi sees a packet without MKI.
     * False if the MKI is not ours; the packet is then untouched.
     */
    static boolean removeMki(byte[] buf, int off, int len, int tagLength, byte[] mki) {
        int mkiAt = off + len - tagLength - mki.length;
        for (int i = 0; i < mki.length; i++) {
            if (buf[mkiAt + i] != mki[i]) {
                return false;
            }
        }
        System.arraycopy(buf, mkiAt + mki.length, buf, mkiAt, tagLength);
        return true;
    }
}
