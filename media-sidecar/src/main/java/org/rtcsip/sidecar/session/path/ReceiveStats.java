package org.rtcsip.sidecar.session.path;

import java.net.InetSocketAddress;

/** Counts a good packet for the stream it came in on: packets, bytes, per-SSRC loss and jitter, last activity. */
public final class ReceiveStats extends Stage {
    private final ReceivedPackets stats;
    private final boolean rtcp;

    public ReceiveStats(ReceivedPackets stats, boolean rtcp, StageDrops drops) {
        super("stats", drops);
        this.stats = stats;
        this.rtcp = rtcp;
    }

    @Override
    public void accept(byte[] buf, int off, int len, InetSocketAddress from, long now) {
        if (rtcp) {
            stats.onRtcp(buf, off, len, now);
        } else {
            stats.onRtp(buf, off, len, now);
        }
        pass(buf, off, len, from, now);
    }
}
