package org.rtcsip.sidecar.session.path;

import java.net.InetSocketAddress;

import org.rtcsip.sidecar.session.DropReason;
import org.rtcsip.sidecar.session.SrtpDrops;

/** Authenticates, replay-checks and decrypts SRTP or SRTCP (RFC 3711) with the party's key. */
public final class SrtpDecrypt extends Stage {
    private final SrtpKeys keys;
    private final boolean rtcp;

    public SrtpDecrypt(SrtpKeys keys, boolean rtcp, StageDrops drops) {
        super(rtcp ? "srtcp-decrypt" : "srtp-decrypt", drops);
        this.keys = keys;
        this.rtcp = rtcp;
    }

    @Override
    public void accept(byte[] buf, int off, int len, InetSocketAddress from, long now) {
        if (keys.fromParty == null) {
            drop(DropReason.DTLS_NOT_READY);
            return;
        }
        int n = rtcp ? keys.fromParty.unprotectRtcp(buf, off, len) : keys.fromParty.unprotectRtp(buf, off, len);
        if (n < 0) {
            drop(SrtpDrops.reason(n));
            return;
        }
        pass(buf, off, n, from, now);
    }
}
