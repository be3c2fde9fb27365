package org.rtcsip.sidecar.session.path;

import java.net.InetSocketAddress;

/**
 * RFC 3550 §7.2: a translator that changes the media terminates RTCP; the party's reports are read, not passed on
 * (the sidecar sends its own to each side).
 */
public final class RtcpTerminate extends Stage {
    private final RtcpReports reports;

    public RtcpTerminate(RtcpReports reports, StageDrops drops) {
        super("rtcp-terminate", drops);
        this.reports = reports;
    }

    @Override
    public void accept(byte[] buf, int off, int len, InetSocketAddress from, long now) {
        took();
        reports.onReports(buf, off, len, now);
    }
}
