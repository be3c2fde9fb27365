package org.rtcsip.sidecar.rtp;

/**
 * The RTP fixed header (RFC 3550 §5.1) read and written in place over a packet view {@code (b, off, len)}.
 *
 * <p>{@link #validate} is the only method that checks bounds; every other accessor assumes the view passed
 * {@code validate} with {@link RtpError#OK} (the setters only need the 12-byte fixed header).
 *
 * <p>SSRC and CSRC values are returned as {@code int} holding the raw 32 bits: they are identifiers, compared and
 * hashed, never added; use {@link Integer#toUnsignedLong(int)} to print them. The timestamp is arithmetic, so it is
 * returned as an unsigned value in a {@code long}.
 */
public final class RtpHeader {
    public static final int FIXED_HEADER_LENGTH = 12;
    /** RFC 8285 §4.2: one-byte header extensions. */
    public static final int EXTENSION_PROFILE_ONE_BYTE = 0xBEDE;
    /** RFC 8285 §4.3: two-byte header extensions use 0x100X, X being "appbits". */
    public static final int EXTENSION_PROFILE_TWO_BYTE_MASK = 0xFFF0;
    public static final int EXTENSION_PROFILE_TWO_BYTE = 0x1000;

    private RtpHeader() {
    }

    /**
     * RFC 3550 §A.1 checks, in wire order, so the first fault found names the error. Never throws: a view outside
     * its array is {@link RtpError#TOO_SHORT}.
     *
     * <p>Padding may cover the whole payload (count == bytes after the header): libwebrtc sends padding-only packets
     * for bandwidth probing, so this is looser than §A.1's "less than".
     */
    public static RtpError validate(byte[] b, int off, int len) {
        if (b == null || off < 0 || len < FIXED_HEADER_LENGTH || off > b.length - len) {
            return RtpError.TOO_SHORT;
        }
        if (version(b, off, len) != 2) {
            return RtpError.BAD_VERSION;
        }
        int headerLength = FIXED_HEADER_LENGTH + 4 * csrcCount(b, off, len);
        if (headerLength > len) {
            return RtpError.CSRC_OVERRUN;
        }
        if (extension(b, off, len)) {
            if (headerLength + 4 > len) {
                return RtpError.EXTENSION_OVERRUN;
            }
            headerLength += 4 + 4 * u16(b, off + headerLength + 2);
            if (headerLength > len) {
                return RtpError.EXTENSION_OVERRUN;
            }
        }
        if (padding(b, off, len)) {
            int paddingCount = b[off + len - 1] & 0xFF;
            if (paddingCount == 0 || paddingCount > len - headerLength) {
                return RtpError.BAD_PADDING;
            }
        }
        return RtpError.OK;
    }

    public static int version(byte[] b, int off, int len) {
        return (b[off] & 0xFF) >>> 6;
    }

    public static boolean padding(byte[] b, int off, int len) {
        return (b[off] & 0x20) != 0;
    }

    public static boolean extension(byte[] b, int off, int len) {
        return (b[off] & 0x10) != 0;
    }

    public static int csrcCount(byte[] b, int off, int len) {
        return b[off] & 0x0F;
    }

    public static boolean marker(byte[] b, int off, int len) {
        return (b[off + 1] & 0x80) != 0;
    }

    public static int payloadType(byte[] b, int off, int len) {
        return b[off + 1] & 0x7F;
    }

    /** 0..65535. */
    public static int sequenceNumber(byte[] b, int off, int len) {
        return u16(b, off + 2);
    }

    /** 0..2^32-1. */
    public static long timestamp(byte[] b, int off, int len) {
        return u32(b, off + 4);
    }

    /** Raw 32 bits (see class comment). */
    public static int ssrc(byte[] b, int off, int len) {
        return (int) u32(b, off + 8);
    }

    /** Raw 32 bits of CSRC {@code index}, 0 <= index < csrcCount. */
    public static int csrc(byte[] b, int off, int len, int index) {
        return (int) u32(b, off + FIXED_HEADER_LENGTH + 4 * index);
    }

    /**
     * Fixed header + CSRC list + header extension (its 4-byte header and its data, whatever the profile: RFC 8285
     * one-byte 0xBEDE and two-byte 0x100X elements are not parsed here, only skipped).
     */
    public static int headerLength(byte[] b, int off, int len) {
        int headerLength = FIXED_HEADER_LENGTH + 4 * csrcCount(b, off, len);
        if (extension(b, off, len)) {
            headerLength += 4 + 4 * u16(b, off + headerLength + 2);
        }
        return headerLength;
    }

    /** The 16-bit "defined by profile" field of the header extension; -1 when the X bit is clear. */
    public static int extensionProfile(byte[] b, int off, int len) {
        if (!extension(b, off, len)) {
            return -1;
        }
        return u16(b, off + FIXED_HEADER_LENGTH + 4 * csrcCount(b, off, len));
    }

    /** Payload bytes: after the header, before any padding. */
    public static int payloadLength(byte[] b, int off, int len) {
        int paddingCount = padding(b, off, len) ? b[off + len - 1] & 0xFF : 0;
        return len - headerLength(b, off, len) - paddingCount;
    }

    /** Absolute array index of the first payload byte. */
    public static int payloadOffset(byte[] b, int off, int len) {
        return off + headerLength(b, off, len);
    }

    /** Keeps the marker bit; {@code payloadType} must be 0..127. */
    public static void setPayloadType(byte[] b, int off, int payloadType) {
        b[off + 1] = (byte) ((b[off + 1] & 0x80) | (payloadType & 0x7F));
    }

    public static void setMarker(byte[] b, int off, boolean marker) {
        b[off + 1] = (byte) (marker ? b[off + 1] | 0x80 : b[off + 1] & 0x7F);
    }

    /** Low 16 bits of {@code sequenceNumber} are written. */
    public static void setSequenceNumber(byte[] b, int off, int sequenceNumber) {
        b[off + 2] = (byte) (sequenceNumber >>> 8);
        b[off + 3] = (byte) sequenceNumber;
    }

    /** Low 32 bits of {@code timestamp} are written, so callers may pass an unwrapped value. */
    public static void setTimestamp(byte[] b, int off, long timestamp) {
        putU32(b, off + 4, timestamp);
    }

    public static void setSsrc(byte[] b, int off, int ssrc) {
        putU32(b, off + 8, ssrc);
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    private static long u32(byte[] b, int i) {
        return ((long) (b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    private static void putU32(byte[] b, int i, long v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }
}
