package org.rtcsip.sidecar.rtcp;

/** Why {@link RtcpPacket#validateCompound} or {@link RtcpPacket#validateReducedSize} refused a datagram. */
public enum RtcpError {
    OK,
    /** Fewer than 4 bytes (not even one RTCP header), or the view lies outside its array. */
    TOO_SHORT,
    /** A packet's version field is not 2, including junk after the last packet that starts like a header. */
    BAD_VERSION,
    /**
     * Length fields do not tile the datagram exactly (a packet runs past the end, or 1..3 bytes are left over),
     * or an SR/RR is shorter than its report count says.
     */
    BAD_LENGTH,
    /** RFC 3550 §6.1: a compound packet starts with SR or RR. */
    FIRST_NOT_SR_OR_RR,
    /** P set on a packet that is not the last, or a padding count of 0 or one that eats into the packet's body. */
    BAD_PADDING
}
