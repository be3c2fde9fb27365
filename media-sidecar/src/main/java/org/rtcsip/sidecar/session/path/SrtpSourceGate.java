package org.rtcsip.sidecar.session.path;

import java.net.InetSocketAddress;

import org.rtcsip.sidecar.rtcp.RtcpError;
import org.rtcsip.sidecar.rtcp.RtcpPacket;
import org.rtcsip.sidecar.rtp.RtpError;
import org.rtcsip.sidecar.rtp.RtpHeader;
import org.rtcsip.sidecar.session.DropReason;
import org.rtcsip.sidecar.session.RemoteAddressLatch;

/**
 * Strict source for an SDES party, which may also prove itself from a new address: the latched address goes down
 * the path as usual; a stranger's packet is checked and authenticated here, and only what authenticates goes on,
 * past the decrypt stage, to {@link FollowProvenSource} (a NAT that rebound the party's port). Whatever does not
 * authenticate is a stranger's and dropped as {@code strict_source}: RTP Bleed stays shut. Plain RTP has no such
 * proof and keeps the plain {@link SourceGate}.
 */
public final class SrtpSourceGate extends Stage {
    private final RemoteAddressLatch latch;
    private final SrtpKeys keys;
    private final boolean rtcp;
    private Stage afterDecrypt;
    /** When anything last arrived from the latched address, authenticated or not (a replayed copy too). */
    private long lastFromLatched;

    public SrtpSourceGate(RemoteAddressLatch latch, SrtpKeys keys, boolean rtcp, StageDrops drops) {
        super("source-gate(srtp)", drops);
        this.latch = latch;
        this.keys = keys;
        this.rtcp = rtcp;
    }

    /** Where an authenticated stranger's packet continues: the stage right after the path's decrypt stage. */
    public void strangersContinueAt(Stage stage) {
        this.afterDecrypt = stage;
    }

    /**
     * The last arrival from the latched address, proven or not: while the party keeps its old address busy it has
     * not moved (an attacker racing copies of its packets in from elsewhere makes the party's own packets fail as
     * replays, but they still arrive). Spoofing the old address can only keep a party from being followed.
     */
    public long lastFromLatched() {
        return lastFromLatched;
    }

    @Override
    public void accept(byte[] buf, int off, int len, InetSocketAddress from, long now) {
        if (latch.admits(from)) {
            lastFromLatched = now;
            pass(buf, off, len, from, now);
            return;
        }
        boolean wellFormed = rtcp ? len >= 8 && (buf[off] & 0xC0) == 0x80
                : RtpHeader.validate(buf, off, len) == RtpError.OK;
        if (!wellFormed || keys.fromParty == null || afterDecrypt == null) {
            drop(DropReason.STRICT_SOURCE);
            return;
        }
        int n = rtcp ? keys.fromParty.unprotectRtcp(buf, off, len) : keys.fromParty.unprotectRtp(buf, off, len);
        if (n < 0 || (rtcp && RtcpPacket.validateCompound(buf, off, n) != RtcpError.OK)) {
            drop(DropReason.STRICT_SOURCE);
            return;
        }
        took();
        afterDecrypt.accept(buf, off, n, from, now);
    }
}
