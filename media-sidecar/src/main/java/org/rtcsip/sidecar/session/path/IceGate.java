package org.rtcsip.sidecar.session.path;

import java.net.InetSocketAddress;
import java.util.function.Predicate;

import org.rtcsip.sidecar.session.DropReason;

/** A browser party: only addresses that passed an ICE check (RFC 8445 §7.3) get further. */
public final class IceGate extends Stage {
    private final Predicate<InetSocketAddress> checked;

    public IceGate(Predicate<InetSocketAddress> checked, StageDrops drops) {
        super("ice-gate", drops);
        this.checked = checked;
    }

    @Override
    public void accept(byte[] buf, int off, int len, InetSocketAddress from, long now) {
        if (checked.test(from)) {
            pass(buf, off, len, from, now);
        } else {
            drop(DropReason.STRICT_SOURCE);
        }
    }
}
