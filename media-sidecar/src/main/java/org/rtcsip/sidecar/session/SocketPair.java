package org.rtcsip.sidecar.session;

/** The RTP port (even) and RTCP port (RTP + 1) one stream uses towards one party, on one interface. */
public record SocketPair(LocalSocket rtp, LocalSocket rtcp, MediaInterfaceAddress address) {
}
