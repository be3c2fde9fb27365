package org.rtcsip.sidecar.session.path;

import java.net.InetSocketAddress;

import org.rtcsip.sidecar.session.DropReason;
import org.rtcsip.sidecar.session.SrtpDrops;

/** Encrypts toward a party that speaks SRTP; without keys yet nothing leaves (never plain RTP toward a browser). */
public final class SrtpEncrypt extends Stage {
    private final SrtpKeys keys;
    private final boolean rtcp;

    public SrtpEncrypt(SrtpKeys keys, boolean rtcp, StageDrops drops) {
        super(rtcp ? "srtcp-encrypt" : "srtp-encrypt", drops);
        this.keys = keys;
        this.rtcp = rtcp;
    }

    @Override
    public void accept(byte[] buf, int off, int len, InetSocketAddress from, long now) {
        if (keys.toParty == null) {
            drop(DropReason.DTLS_NOT_READY);
            return;
        }
        int n = rtcp ? keys.toParty.protectRtcp(buf, off, len) : keys.toParty.protectRtp(buf, off, len);
        if (n < 0) {
            drop(SrtpDrops.reason(n));
            return;
        }
        pass(buf, off, n, from, now);
    }
}
