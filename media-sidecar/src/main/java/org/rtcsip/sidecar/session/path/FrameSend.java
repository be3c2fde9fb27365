package org.rtcsip.sidecar.session.path;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.LongAdder;

import org.rtcsip.sidecar.rtp.RtpHeader;
import org.rtcsip.sidecar.session.DropReason;
import org.rtcsip.sidecar.session.MediaConnection;
import org.rtcsip.sidecar.session.PacketCounters;

/** The end of a send chain toward an ExternalMedia leg: the RTP payload alone, as one WebSocket message. */
public final class FrameSend extends Stage {
    private final MediaConnection connection;
    private final PacketCounters out;
    private final LongAdder forwarded;

    public FrameSend(MediaConnection connection, PacketCounters out, LongAdder forwarded, StageDrops drops) {
        super("ws-send", drops);
        this.connection = connection;
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
        if (connection.send(buf, payload, payloadLength)) {
            took();
            out.count(payloadLength);
            forwarded.increment();
        } else {
            drop(DropReason.SEND_FAILED);
        }
    }
}
