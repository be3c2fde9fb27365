package org.rtcsip.sidecar.session.path;

import java.net.InetSocketAddress;

/**
 * Hands the packet to a transcoder, which becomes the RTP source toward the other party: what it sends enters that
 * party's send chain ({@link #next} is that chain's head, for the printed path).
 */
public final class Transcode extends Stage {
    private final Transcoding transcoding;
    private final RtpSink sink;

    public Transcode(Transcoding transcoding, RtpSink sink, Stage sendChainHead, StageDrops drops) {
        super("transcode(" + transcoding.describe() + ")", drops);
        this.transcoding = transcoding;
        this.sink = sink;
        this.next = sendChainHead;
    }

    @Override
    public void accept(byte[] buf, int off, int len, InetSocketAddress from, long now) {
        took();
        transcoding.onRtp(buf, off, len, now, sink);
    }
}
