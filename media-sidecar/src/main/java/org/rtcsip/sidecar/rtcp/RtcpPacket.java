package org.rtcsip.sidecar.rtcp;

/**
 * RTCP common header (RFC 3550 §6.4) and validation of a datagram holding one or more RTCP packets.
 *
 * <p>Accessors take the absolute offset {@code p} of one packet inside a datagram that passed validation; they
 * do not check bounds. Walk a validated datagram like this:
 * <pre>{@code
 * for (int p = off; p < off + len; p += RtcpPacket.lengthInBytes(b, p)) {
 *     switch (RtcpPacket.packetType(b, p)) { ... }
 * }
 * }</pre>
 * SSRCs are the raw 32 bits in an {@code int} (identifiers, as in {@code RtpHeader}).
 */
public final class RtcpPacket {
    public static final int HEADER_LENGTH = 4;
    public static final int SR = 200;
    public static final int RR = 201;
    public static final int SDES = 202;
    public static final int BYE = 203;
    public static final int APP = 204;
    /** RFC 4585 transport-layer feedback (NACK, RFC 8888, transport-cc). */
    public static final int RTPFB = 205;
    /** RFC 4585 payload-specific feedback (PLI, FIR, REMB). */
    public static final int PSFB = 206;
    /** RFC 3611 extended reports. */
    public static final int XR = 207;

    /** SR: header, sender SSRC and the 20-byte sender info come before the report blocks (RFC 3550 §6.4.1). */
    public static final int SR_FIXED_LENGTH = 28;
    /** RR: header and sender SSRC come before the report blocks (RFC 3550 §6.4.2). */
    public static final int RR_FIXED_LENGTH = 8;
    public static final int REPORT_BLOCK_LENGTH = 24;
    /** The 5-bit count field caps report blocks per SR/RR. */
    public static final int MAX_REPORT_COUNT = 31;

    private RtcpPacket() {
    }

    /**
     * A compound packet as RFC 3550 §6.1 and §A.2 want it: every packet version 2, length fields tiling the datagram
     * exactly, the first packet an SR or RR, padding only on the last packet, and each SR/RR long enough for its
     * report count. Never throws.
     */
    public static RtcpError validateCompound(byte[] b, int off, int len) {
        return validate(b, off, len, true);
    }

    /**
     * The same checks without "first packet is SR or RR": RFC 5506 reduced-size RTCP (a=rtcp-rsize, which browsers
     * negotiate) sends feedback such as PLI, NACK or transport-cc alone.
     */
    public static RtcpError validateReducedSize(byte[] b, int off, int len) {
        return validate(b, off, len, false);
    }

    private static RtcpError validate(byte[] b, int off, int len, boolean firstMustBeReport) {
        if (b == null || off < 0 || len < HEADER_LENGTH || off > b.length - len) {
            return RtcpError.TOO_SHORT;
        }
        int end = off + len;
        // Each turn advances p by at least 4 bytes, so the loop ends within len / 4 turns.
        for (int p = off; p < end; ) {
            int remaining = end - p;
            if (remaining < HEADER_LENGTH) {
                return RtcpError.BAD_LENGTH;
            }
            if (version(b, p) != 2) {
                return RtcpError.BAD_VERSION;
            }
            int type = packetType(b, p);
            if (p == off && firstMustBeReport && type != SR && type != RR) {
                return RtcpError.FIRST_NOT_SR_OR_RR;
            }
            int packetLength = lengthInBytes(b, p);
            if (packetLength > remaining) {
                return RtcpError.BAD_LENGTH;
            }
            int paddingCount = 0;
            if (padding(b, p)) {
                // RFC 3550 §A.2: only the last packet of a compound may be padded.
                if (packetLength != remaining) {
                    return RtcpError.BAD_PADDING;
                }
                paddingCount = b[p + packetLength - 1] & 0xFF;
                if (paddingCount == 0 || paddingCount > packetLength - HEADER_LENGTH) {
                    return RtcpError.BAD_PADDING;
                }
            }
            int body = packetLength - paddingCount;
            if (type == SR && body < SR_FIXED_LENGTH + REPORT_BLOCK_LENGTH * reportCount(b, p)) {
                return RtcpError.BAD_LENGTH;
            }
            if (type == RR && body < RR_FIXED_LENGTH + REPORT_BLOCK_LENGTH * reportCount(b, p)) {
                return RtcpError.BAD_LENGTH;
            }
            p += packetLength;
        }
        return RtcpError.OK;
    }

    public static int version(byte[] b, int p) {
        return (b[p] & 0xFF) >>> 6;
    }

    public static boolean padding(byte[] b, int p) {
        return (b[p] & 0x20) != 0;
    }

    /** The 5-bit count field: report blocks in SR/RR, chunks in SDES, sources in BYE, FMT in RTPFB/PSFB. */
    public static int reportCount(byte[] b, int p) {
        return b[p] & 0x1F;
    }

    public static int packetType(byte[] b, int p) {
        return b[p + 1] & 0xFF;
    }

    /** The whole packet including header and padding: (length field + 1) * 4. */
    public static int lengthInBytes(byte[] b, int p) {
        return (((b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF)) + 1) * 4;
    }

    /**
     * The SSRC right after the header (the sender in SR, RR, APP and feedback; the first chunk in SDES; the first
     * source in BYE). Only meaningful when {@code lengthInBytes(b, p) >= 8}: a BYE with no source is 4 bytes.
     */
    public static int senderSsrc(byte[] b, int p) {
        return (int) u32(b, p + 4);
    }

    /** Absolute offset of report block {@code index} (0 <= index < reportCount) of the SR or RR at {@code p}. */
    public static int reportBlockOffset(byte[] b, int p, int index) {
        int fixed = packetType(b, p) == SR ? SR_FIXED_LENGTH : RR_FIXED_LENGTH;
        return p + fixed + REPORT_BLOCK_LENGTH * index;
    }

    static long u32(byte[] b, int i) {
        return ((long) (b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    static void putU32(byte[] b, int i, long v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }
}
