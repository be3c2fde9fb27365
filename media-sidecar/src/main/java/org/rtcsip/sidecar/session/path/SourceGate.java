package org.rtcsip.sidecar.session.path;

import java.net.InetSocketAddress;

import org.rtcsip.sidecar.session.DropReason;
import org.rtcsip.sidecar.session.RemoteAddressLatch;

/** Strict source for a plain or SDES party: only its signalled (or learned) address gets further (RTP Bleed). */
public final class SourceGate extends Stage {
    private final RemoteAddressLatch latch;

    public SourceGate(RemoteAddressLatch latch, StageDrops drops) {
        super("source-gate", drops);
        this.latch = latch;
    }

    @Override
    public void accept(byte[] buf, int off, int len, InetSocketAddress from, long now) {
        if (latch.admits(from)) {
            pass(buf, off, len, from, now);
        } else {
            drop(DropReason.STRICT_SOURCE);
        }
    }
}
