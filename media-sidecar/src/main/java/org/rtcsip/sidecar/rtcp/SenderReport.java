package org.rtcsip.sidecar.rtcp;

/**
 * Sender info of an SR (RFC 3550 §6.4.1) at packet offset {@code p} of a validated datagram. All values are
 * unsigned 32-bit quantities in a {@code long}.
 */
public final class SenderReport {
    private SenderReport() {
    }

    /** NTP timestamp, whole seconds since 1900. */
    public static long ntpMsw(byte[] b, int p) {
        return RtcpPacket.u32(b, p + 8);
    }

    /** NTP timestamp, fraction of a second in units of 2^-32 s. */
    public static long ntpLsw(byte[] b, int p) {
        return RtcpPacket.u32(b, p + 12);
    }

    /** The middle 32 bits of the NTP timestamp: what a receiver echoes as LSR (RFC 3550 §6.4.1). */
    public static long ntpCompact(byte[] b, int p) {
        return RtcpPacket.u32(b, p + 10);
    }

    public static long rtpTimestamp(byte[] b, int p) {
        return RtcpPacket.u32(b, p + 16);
    }

    public static long packetCount(byte[] b, int p) {
        return RtcpPacket.u32(b, p + 20);
    }

    public static long octetCount(byte[] b, int p) {
        return RtcpPacket.u32(b, p + 24);
    }
}
