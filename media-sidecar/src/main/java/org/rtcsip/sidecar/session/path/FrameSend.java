package org.rtcsip.sidecar.session.path;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

import org.rtcsip.sidecar.rtp.RtpHeader;
import org.rtcsip.sidecar.session.DropReason;
import org.rtcsip.sidecar.session.MediaConnection;
import org.rtcsip.sidecar.session.PacketCounters;

/**
 * The end of a send chain toward an ExternalMedia leg: the RTP payload alone, as one WebSocket message, unless the
 * leg's Asterisk queue holds too much ({@code skip}, PlayoutDepth).
 */
public final class FrameSend extends Stage {
    private final MediaConnection connection;
    private final BooleanSupplier skip;
    private final PacketCounters out;
    private final LongAdder forwarded;

    public FrameSend(MediaConnection connection, BooleanSupplier skip, PacketCounters out,
            LongAdder forwarded, StageDrops drops) {
        super("ws-send", drops);
        this.connection = connection;
        this.skip = skip;
        this.out = out;
        this.forwarded = forwarded;
    }

    @Override
    public void accept(byte[] buf, int off, int len, InetSocketAddress from, long now) {
        int payload = RtpHeader.payloadOffset(buf, off, len);
        int payloadLength = RtpHeader.payloadLength(buf, off, len);
        if (payloadLength <= 0) {
            drop(DropReason.MALFORMED_RTP);
            return;
        }
        if (skip.getAsBoolean()) {
            drop(DropReason.ASTERISK_QUEUE);
            return;
        }
        if (connection.send(buf, payload, payloadLength)) {
            took();
            out.count(payloadLength);
            forwarded.increment();
        } else {
            drop(DropReason.SEND_FAILED);
        }
    }
}
