package org.rtcsip.sidecar.session.path;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.LongAdder;

import org.rtcsip.sidecar.session.DropReason;
import org.rtcsip.sidecar.session.LocalSocket;
import org.rtcsip.sidecar.session.PacketCounters;

/** The end of a send chain: out of the stream's socket toward the party's current destination. */
public final class SendTo extends Stage {
    private final Destination destination;
    private final LocalSocket socket;
    private final PacketCounters out;
    private final LongAdder forwarded;

    public SendTo(Destination destination, LocalSocket socket, PacketCounters out, LongAdder forwarded,
                  StageDrops drops) {
        super("send", drops);
        this.destination = destination;
        this.socket = socket;
        this.out = out;
        this.forwarded = forwarded;
    }

    @Override
    public void accept(byte[] buf, int off, int len, InetSocketAddress from, long now) {
        InetSocketAddress to = destination.current();
        if (to == null) {
            drop(DropReason.NO_DESTINATION);
            return;
        }
        if (socket.send(buf, off, len, to)) {
            took();
            out.count(len);
            forwarded.increment();
        } else {
            drop(DropReason.SEND_FAILED);
        }
    }
}
