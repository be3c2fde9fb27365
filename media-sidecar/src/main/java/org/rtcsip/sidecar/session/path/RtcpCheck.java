package org.rtcsip.sidecar.session.path;

import java.net.InetSocketAddress;

import org.rtcsip.sidecar.rtcp.RtcpError;
import org.rtcsip.sidecar.rtcp.RtcpPacket;
import org.rtcsip.sidecar.session.DropReason;

/** RFC 3550 §6.1 compound checks (lengths add up, first packet SR or RR) on decrypted RTCP. */
public final class RtcpCheck extends Stage {
    public RtcpCheck(StageDrops drops) {
        super("rtcp-check", drops);
    }

    @Override
    public void accept(byte[] buf, int off, int len, InetSocketAddress from, long now) {
        if (RtcpPacket.validateCompound(buf, off, len) == RtcpError.OK) {
            pass(buf, off, len, from, now);
        } else {
            drop(DropReason.MALFORMED_RTCP);
        }
    }
}
