package org.rtcsip.sidecar.rtcp;

/**
 * Writes SR, RR and SDES CNAME packets into a caller's buffer and returns how many bytes were written. Calls can be
 * chained to build a compound packet: {@code n = writeSenderReport(buf, 0, ...); n += writeSourceDescriptionCname(
 * buf, n, ...)}. Nothing is allocated. A buffer too small or more than 31 blocks is a programming error and throws
 * {@link IllegalArgumentException}; size buffers with the {@code ...Length} methods.
 */
public final class RtcpWriter {
    /** RFC 3550 §6.5: SDES item type of CNAME, and the END item that closes a chunk's item list. */
    public static final int SDES_CNAME = 1;
    private static final int SDES_END = 0;

    private RtcpWriter() {
    }

    public static int senderReportLength(int blockCount) {
        return RtcpPacket.SR_FIXED_LENGTH + RtcpPacket.REPORT_BLOCK_LENGTH * blockCount;
    }

    public static int receiverReportLength(int blockCount) {
        return RtcpPacket.RR_FIXED_LENGTH + RtcpPacket.REPORT_BLOCK_LENGTH * blockCount;
    }

    /** One chunk holding CNAME then END, padded with nulls to a 32-bit boundary (RFC 3550 §6.5). */
    public static int sourceDescriptionCnameLength(int cnameLength) {
        int chunk = 4 + 2 + cnameLength + 1;
        return RtcpPacket.HEADER_LENGTH + ((chunk + 3) & ~3);
    }

    /**
     * SR (RFC 3550 §6.4.1) with {@code blocks[0..blockCount)}. NTP words, RTP timestamp and counts are written as
     * their low 32 bits (counts wrap, as the RFC says they do).
     */
    public static int writeSenderReport(byte[] buf, int off, int senderSsrc, long ntpMsw, long ntpLsw,
            long rtpTimestamp, long packetCount, long octetCount, ReportBlockValues[] blocks, int blockCount) {
        int length = senderReportLength(checkBlockCount(blockCount, blocks));
        checkRoom(buf, off, length);
        writeHeader(buf, off, blockCount, RtcpPacket.SR, length);
        RtcpPacket.putU32(buf, off + 4, senderSsrc);
        RtcpPacket.putU32(buf, off + 8, ntpMsw);
        RtcpPacket.putU32(buf, off + 12, ntpLsw);
        RtcpPacket.putU32(buf, off + 16, rtpTimestamp);
        RtcpPacket.putU32(buf, off + 20, packetCount);
        RtcpPacket.putU32(buf, off + 24, octetCount);
        writeBlocks(buf, off + RtcpPacket.SR_FIXED_LENGTH, blocks, blockCount);
        return length;
    }

    /** RR (RFC 3550 §6.4.2); {@code blockCount} 0 gives the empty RR that must lead a compound with nothing to report. */
    public static int writeReceiverReport(byte[] buf, int off, int senderSsrc, ReportBlockValues[] blocks,
            int blockCount) {
        int length = receiverReportLength(checkBlockCount(blockCount, blocks));
        checkRoom(buf, off, length);
        writeHeader(buf, off, blockCount, RtcpPacket.RR, length);
        RtcpPacket.putU32(buf, off + 4, senderSsrc);
        writeBlocks(buf, off + RtcpPacket.RR_FIXED_LENGTH, blocks, blockCount);
        return length;
    }

    /** 24 bytes; cumulative lost clamped to signed 24 bits, jitter to unsigned 32 (RFC 3550 §6.4.1). */
    public static int writeReportBlock(byte[] buf, int off, ReportBlockValues v) {
        checkRoom(buf, off, RtcpPacket.REPORT_BLOCK_LENGTH);
        int lost = Math.max(-0x80_0000, Math.min(0x7F_FFFF, v.cumulativeLost));
        RtcpPacket.putU32(buf, off, v.ssrc);
        RtcpPacket.putU32(buf, off + 4, ((long) (v.fractionLost & 0xFF) << 24) | (lost & 0xFF_FFFF));
        RtcpPacket.putU32(buf, off + 8, v.extendedHighestSeq);
        RtcpPacket.putU32(buf, off + 12, Math.min(v.jitter, 0xFFFF_FFFFL));
        RtcpPacket.putU32(buf, off + 16, v.lastSenderReport);
        RtcpPacket.putU32(buf, off + 20, v.delaySinceLastSenderReport);
        return RtcpPacket.REPORT_BLOCK_LENGTH;
    }

    /**
     * SDES with one chunk for {@code ssrc} carrying a CNAME item (RFC 3550 §6.5.1). The CNAME is passed as bytes
     * (UTF-8, 1..255 of them) encoded once per stream, so sending RTCP encodes nothing.
     */
    public static int writeSourceDescriptionCname(byte[] buf, int off, int ssrc, byte[] cname) {
        if (cname.length < 1 || cname.length > 255) {
            throw new IllegalArgumentException("SDES CNAME must be 1..255 bytes, got " + cname.length);
        }
        int length = sourceDescriptionCnameLength(cname.length);
        checkRoom(buf, off, length);
        writeHeader(buf, off, 1, RtcpPacket.SDES, length);
        RtcpPacket.putU32(buf, off + 4, ssrc);
        buf[off + 8] = SDES_CNAME;
        buf[off + 9] = (byte) cname.length;
        System.arraycopy(cname, 0, buf, off + 10, cname.length);
        // END item plus null padding to the 32-bit boundary (at least one null octet).
        for (int i = off + 10 + cname.length; i < off + length; i++) {
            buf[i] = SDES_END;
        }
        return length;
    }

    private static void writeHeader(byte[] buf, int off, int count, int packetType, int length) {
        buf[off] = (byte) (0x80 | count);
        buf[off + 1] = (byte) packetType;
        int words = length / 4 - 1;
        buf[off + 2] = (byte) (words >>> 8);
        buf[off + 3] = (byte) words;
    }

    private static void writeBlocks(byte[] buf, int off, ReportBlockValues[] blocks, int blockCount) {
        for (int i = 0; i < blockCount; i++) {
            writeReportBlock(buf, off + RtcpPacket.REPORT_BLOCK_LENGTH * i, blocks[i]);
        }
    }

    private static int checkBlockCount(int blockCount, ReportBlockValues[] blocks) {
        if (blockCount < 0 || blockCount > RtcpPacket.MAX_REPORT_COUNT
                || blockCount > (blocks == null ? 0 : blocks.length)) {
            throw new IllegalArgumentException("report block count " + blockCount
                    + " outside 0..31 or beyond the blocks given");
        }
        return blockCount;
    }

    private static void checkRoom(byte[] buf, int off, int length) {
        if (off < 0 || off > buf.length - length) {
            throw new IllegalArgumentException("RTCP buffer too small: need " + length + " bytes at offset " + off
                    + ", buffer holds " + buf.length);
        }
    }
}
