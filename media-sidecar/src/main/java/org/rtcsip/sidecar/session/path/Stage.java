package org.rtcsip.sidecar.session.path;

import java.net.InetSocketAddress;

import org.rtcsip.sidecar.session.DropReason;

/**
 * One named step of a packet path, built once when offer/answer commits (Jitsi's pipeline nodes, rtpengine's
 * handler chosen at negotiation): it passes the packet to {@link #next} or drops it with its own reason. Each stage
 * counts what it passed and dropped, so a path can be printed with its figures. Works in place on
 * {@code (buf, off, len)}, which may grow by an SRTP trailer; allocates nothing. Loop thread only.
 */
public abstract class Stage {
    private final String name;
    private final StageDrops drops;
    Stage next;
    long passed;
    long dropped;

    protected Stage(String name, StageDrops drops) {
        this.name = name;
        this.drops = drops;
    }

    /** Takes one packet; {@code from} is its source on the receiving side, null on the sending side. */
    public abstract void accept(byte[] buf, int off, int len, InetSocketAddress from, long now);

    protected final void pass(byte[] buf, int off, int len, InetSocketAddress from, long now) {
        passed++;
        next.accept(buf, off, len, from, now);
    }

    /** For a stage that ends the path having taken the packet. */
    protected final void took() {
        passed++;
    }

    protected final void drop(DropReason reason) {
        dropped++;
        drops.dropped(reason);
    }

    public String name() {
        return name;
    }

    public long passed() {
        return passed;
    }

    public long dropped() {
        return dropped;
    }

    /** The stage after this one, null at the end of the path. */
    public Stage next() {
        return next;
    }

    /** Takes over the counters of the stage this one replaces (a re-INVITE rebuilt the path). */
    void inherit(Stage old) {
        passed = old.passed;
        dropped = old.dropped;
    }
}
