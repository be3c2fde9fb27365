package org.rtcsip.sidecar.session.path;

import java.net.InetSocketAddress;

import org.rtcsip.sidecar.rtp.RtpError;
import org.rtcsip.sidecar.rtp.RtpHeader;
import org.rtcsip.sidecar.session.DropReason;

/** RFC 3550 §5.1 header checks (version, CSRC count, extension and padding lengths) before anything reads it. */
public final class RtpCheck extends Stage {
    public RtpCheck(StageDrops drops) {
        super("rtp-check", drops);
    }

    @Override
    public void accept(byte[] buf, int off, int len, InetSocketAddress from, long now) {
        if (RtpHeader.validate(buf, off, len) == RtpError.OK) {
            pass(buf, off, len, from, now);
        } else {
            drop(DropReason.MALFORMED_RTP);
        }
    }
}
