package org.rtcsip.sidecar.session.path;

import java.net.InetSocketAddress;

import org.rtcsip.sidecar.rtp.OutgoingSequence;

/** Our own sequence numbers toward an SRTP party once its sender jumps ({@link OutgoingSequence}). */
public final class Renumber extends Stage {
    private final OutgoingSequence sequence;

    public Renumber(OutgoingSequence sequence, StageDrops drops) {
        super("renumber", drops);
        this.sequence = sequence;
    }

    @Override
    public void accept(byte[] buf, int off, int len, InetSocketAddress from, long now) {
        sequence.rewrite(buf, off, len);
        pass(buf, off, len, from, now);
    }
}
