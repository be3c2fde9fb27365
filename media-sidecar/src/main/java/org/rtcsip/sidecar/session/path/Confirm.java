package org.rtcsip.sidecar.session.path;

import java.net.InetSocketAddress;

import org.rtcsip.sidecar.session.RemoteAddressLatch;

/** The packet proved good (valid, authenticated): its source is confirmed, or learned where learning is allowed. */
public final class Confirm extends Stage {
    private final RemoteAddressLatch latch;

    public Confirm(RemoteAddressLatch latch, StageDrops drops) {
        super("confirm", drops);
        this.latch = latch;
    }

    @Override
    public void accept(byte[] buf, int off, int len, InetSocketAddress from, long now) {
        latch.confirm(from);
        pass(buf, off, len, from, now);
    }
}
