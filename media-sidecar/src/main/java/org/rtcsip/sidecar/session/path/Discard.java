package org.rtcsip.sidecar.session.path;

import java.net.InetSocketAddress;

import org.rtcsip.sidecar.session.DropReason;

/** The end of a path that has nowhere to go: counted and dropped with one reason. */
public final class Discard extends Stage {
    private final DropReason reason;

    public Discard(String name, DropReason reason, StageDrops drops) {
        super(name, drops);
        this.reason = reason;
    }

    @Override
    public void accept(byte[] buf, int off, int len, InetSocketAddress from, long now) {
        drop(reason);
    }
}
