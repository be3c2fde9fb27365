package org.rtcsip.sidecar.session.path;

import java.net.InetSocketAddress;

import org.rtcsip.sidecar.rtp.PacketKind;
import org.rtcsip.sidecar.rtp.RtpOrRtcp;
import org.rtcsip.sidecar.session.PacketReceiver;

/**
 * The receiver of a stream's RTP port: RFC 7983 / RFC 5761 demultiplexing by the first bytes into STUN, DTLS, RTP
 * and RTCP, each to the target chosen at commit (a stream that runs no ICE or DTLS has a discarding stage there).
 */
public final class PortDemux implements PacketReceiver {
    private final PacketReceiver stun;
    private final PacketReceiver dtls;
    private final Path rtp;
    private final Path rtcp;
    private final Path malformed;

    /** @param rtcp where RTCP on this port goes: the RTCP path when the party muxes (or may), else the RTP path */
    public PortDemux(PacketReceiver stun, PacketReceiver dtls, Path rtp, Path rtcp, Path malformed) {
        this.stun = stun;
        this.dtls = dtls;
        this.rtp = rtp;
        this.rtcp = rtcp;
        this.malformed = malformed;
    }

    @Override
    public void onPacket(byte[] buf, int off, int len, InetSocketAddress from, long now) {
        PacketKind kind = RtpOrRtcp.classify(buf, off, len);
        switch (kind) {
            case STUN -> stun.onPacket(buf, off, len, from, now);
            case DTLS -> dtls.onPacket(buf, off, len, from, now);
            case RTP -> rtp.accept(buf, off, len, from, now);
            case RTCP -> rtcp.accept(buf, off, len, from, now);
            default -> malformed.accept(buf, off, len, from, now);
        }
    }
}
