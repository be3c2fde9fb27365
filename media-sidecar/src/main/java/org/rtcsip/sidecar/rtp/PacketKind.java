package org.rtcsip.sidecar.rtp;

/** What arrived on a port shared by STUN, DTLS, RTP and RTCP (RFC 7983 §7, RFC 5761 §4). */
public enum PacketKind {
    STUN,
    DTLS,
    RTP,
    RTCP,
    /** Empty, or a first byte outside the ranges above (ZRTP, TURN channel data, garbage). */
    UNKNOWN
}
