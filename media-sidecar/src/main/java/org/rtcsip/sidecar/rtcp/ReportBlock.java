package org.rtcsip.sidecar.rtcp;

/**
 * Fields of one reception report block (RFC 3550 §6.4.1) at absolute offset {@code r}, as returned by
 * {@link RtcpPacket#reportBlockOffset}. Same layout in SR and RR.
 */
public final class ReportBlock {
    private ReportBlock() {
    }

    /** The source this block reports on (raw 32 bits). */
    public static int ssrc(byte[] b, int r) {
        return (int) RtcpPacket.u32(b, r);
    }

    /** Fraction lost since the previous report, in 1/256 units: 0..255. */
    public static int fractionLost(byte[] b, int r) {
        return b[r + 4] & 0xFF;
    }

    /** Cumulative number of packets lost: signed 24 bits, negative when duplicates outnumber losses. */
    public static int cumulativeLost(byte[] b, int r) {
        int raw = ((b[r + 5] & 0xFF) << 16) | ((b[r + 6] & 0xFF) << 8) | (b[r + 7] & 0xFF);
        return (raw << 8) >> 8;
    }

    /** Sequence-number cycles in the high 16 bits, highest sequence number received in the low 16. */
    public static long extendedHighestSeq(byte[] b, int r) {
        return RtcpPacket.u32(b, r + 8);
    }

    /** Interarrival jitter in RTP timestamp units (RFC 3550 §A.8). */
    public static long jitter(byte[] b, int r) {
        return RtcpPacket.u32(b, r + 12);
    }

    /** LSR: middle 32 bits of the NTP timestamp of the last SR received from the reported source, 0 if none. */
    public static long lastSenderReport(byte[] b, int r) {
        return RtcpPacket.u32(b, r + 16);
    }

    /** DLSR: delay since that SR arrived, in 1/65536 s; 0 if none. */
    public static long delaySinceLastSenderReport(byte[] b, int r) {
        return RtcpPacket.u32(b, r + 20);
    }

    /** Copies the block at {@code r} into a caller-owned holder. */
    public static void read(byte[] b, int r, ReportBlockValues out) {
        out.ssrc = ssrc(b, r);
        out.fractionLost = fractionLost(b, r);
        out.cumulativeLost = cumulativeLost(b, r);
        out.extendedHighestSeq = extendedHighestSeq(b, r);
        out.jitter = jitter(b, r);
        out.lastSenderReport = lastSenderReport(b, r);
        out.delaySinceLastSenderReport = delaySinceLastSenderReport(b, r);
    }
}
