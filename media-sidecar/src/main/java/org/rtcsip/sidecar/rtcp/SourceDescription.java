package org.rtcsip.sidecar.rtcp;

/**
 * Reading the CNAME of an SDES packet (RFC 3550 §6.5). Validation of the compound does not look inside SDES
 * chunks, so this checks every bound itself and never throws on a packet that passed validation.
 */
public final class SourceDescription {
    private SourceDescription() {
    }

    /**
     * Absolute offset of the CNAME item in the first chunk of the SDES packet at {@code p} (the chunk's SSRC is
     * {@link RtcpPacket#senderSsrc}), or -1 if there is none or the items run past the packet. The text is
     * {@code b[item + 2 .. item + 2 + b[item + 1])}.
     */
    public static int cnameItemOffset(byte[] b, int p) {
        int end = p + RtcpPacket.lengthInBytes(b, p);
        if (RtcpPacket.padding(b, p)) {
            end -= b[end - 1] & 0xFF;
        }
        if (RtcpPacket.reportCount(b, p) == 0) {
            return -1;
        }
        // Each item advances i by at least 2 bytes, so the loop ends within the packet's length.
        for (int i = p + 8; i + 2 <= end; ) {
            int type = b[i] & 0xFF;
            if (type == 0) {
                return -1;
            }
            int itemEnd = i + 2 + (b[i + 1] & 0xFF);
            if (itemEnd > end) {
                return -1;
            }
            if (type == RtcpWriter.SDES_CNAME) {
                return i;
            }
            i = itemEnd;
        }
        return -1;
    }

    /** Length of the CNAME text at an item offset returned by {@link #cnameItemOffset}. */
    public static int cnameLength(byte[] b, int item) {
        return b[item + 1] & 0xFF;
    }
}
